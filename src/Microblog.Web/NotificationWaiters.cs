using System.Collections.Concurrent;
using Microblog.Data;

namespace Microblog.Web;

/// <summary>
/// What this web process knows of each user's notifications from the <see cref="NotificationListener"/>: a signal
/// that wakes the user's waiting <c>/notifications</c> requests, and an upper bound of their newest timestamp, so a
/// waiting request whose <c>since</c> is already there waits without asking the database first.
/// The bound is trusted only while the listener has been connected without a break since it was learned: a
/// notification written while it was down was never heard, so every (re)connect and disconnect forgets all bounds
/// and wakes every waiter to ask the database again.
/// </summary>
public sealed class NotificationWaiters
{
    private readonly ConcurrentDictionary<int, UserState> users = new();
    // Bumped at every connect and disconnect; odd while the listener is connected. One field, so a reader never sees
    // a generation with the wrong connection state.
    private long generation;

    /// <summary>Taken before reading a user's notifications: the signal to wait on and what to check later.</summary>
    public Watch Begin(int userId)
    {
        var state = users.GetOrAdd(userId, static _ => new UserState());
        var current = Volatile.Read(ref generation);
        lock (state)
            return new Watch(this, state, current, IsListening(current), state.Signals, state.Changed.Task,
                state.Generation == current ? state.NewestAtMost : double.NaN);
    }

    /// <summary>Whether a request of <paramref name="userId"/> has begun watching here (for tests).</summary>
    internal bool Knows(int userId) => users.ContainsKey(userId);

    internal void Signal(NotificationSignal signal)
    {
        if (!users.TryGetValue(signal.UserId, out var state))
            return;
        TaskCompletionSource changed;
        lock (state)
        {
            if (state.Generation == Volatile.Read(ref generation))
                state.NewestAtMost = Math.Max(state.NewestAtMost, signal.Timestamp);
            state.Signals++;
            changed = state.Changed;
            state.Changed = NewSignal();
        }
        changed.TrySetResult();
    }

    internal void Connected() => Reset(listeningNow: true);

    internal void Disconnected() => Reset(listeningNow: false);

    private static bool IsListening(long generation) => (generation & 1) == 1;

    private void Reset(bool listeningNow)
    {
        lock (users)
        {
            var next = Volatile.Read(ref generation) + 1;
            Volatile.Write(ref generation, IsListening(next) == listeningNow ? next : next + 1);
        }
        foreach (var (_, state) in users)
        {
            TaskCompletionSource changed;
            lock (state)
            {
                state.Signals++;
                changed = state.Changed;
                state.Changed = NewSignal();
            }
            changed.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal sealed class UserState
    {
        public TaskCompletionSource Changed = NewSignal();
        public long Signals;
        public long Generation = -1;
        public double NewestAtMost = double.NaN;
    }

    /// <summary>One request's view of a user, taken before it reads their notifications.</summary>
    public sealed class Watch
    {
        private readonly NotificationWaiters owner;
        private readonly UserState state;
        private readonly long generation;
        private readonly long signals;
        private readonly double newestAtMost;

        internal Watch(NotificationWaiters owner, UserState state, long generation, bool listening, long signals, Task changed, double newestAtMost)
        {
            (this.owner, this.state, this.generation, this.signals, this.newestAtMost) = (owner, state, generation, signals, newestAtMost);
            (Listening, Changed) = (listening, changed);
        }

        /// <summary>Whether a write would wake <see cref="Changed"/>; if not, the waiter must poll.</summary>
        public bool Listening { get; }

        /// <summary>Completes at the user's next notification write, or when the listener reconnects or drops.</summary>
        public Task Changed { get; }

        /// <summary>True when nothing newer than <paramref name="since"/> can exist, so no query is needed.</summary>
        public bool NothingNewerThan(double since) => Listening && since >= newestAtMost;

        /// <summary>
        /// Records what a query begun after this watch found: no notification newer than <paramref name="bound"/>.
        /// Kept only if the listener stayed connected and no write for the user was heard meanwhile (that write's
        /// timestamp may be above what the query saw; its waiters re-query anyway). Two bounds both hold, so the lower
        /// one is kept; a later write raises it (<see cref="Signal"/>).
        /// </summary>
        public void Learned(double bound)
        {
            if (!Listening || !double.IsFinite(bound))
                return;
            lock (state)
            {
                if (generation != Volatile.Read(ref owner.generation) || signals != state.Signals)
                    return;
                state.NewestAtMost = state.Generation == generation ? Math.Min(state.NewestAtMost, bound) : bound;
                state.Generation = generation;
            }
        }
    }
}
