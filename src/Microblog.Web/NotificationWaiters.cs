using System.Collections.Concurrent;
using Microblog.Data;

namespace Microblog.Web;

/// <summary>
/// What this web process knows of each user's notifications from the <see cref="NotificationListener"/>: a signal
/// that wakes the user's waiting <c>/notifications</c> requests, all of the user's rows as a query found them (so
/// later requests, waiting or not, are answered without asking the database), and an upper bound of their newest
/// timestamp (so a waiting request that is up to date waits without a query once a write has dropped the rows).
/// What is known is trusted only while the listener has been connected without a break since it was learned and no
/// write for the user (insert, update or delete: the trigger of M0017/M0021 signals each) has been heard since: a
/// notification written while the listener was down was never heard, so every (re)connect and disconnect forgets
/// everything. Users with no request for <see cref="ForgetIdleAfter"/> and none held are forgotten, so memory is
/// bounded by the users seen recently, not by every user the process has ever served.
/// </summary>
public sealed class NotificationWaiters(TimeProvider clock)
{
    /// <summary>Longer than the longest wait, so a page that keeps asking is never forgotten between two requests.</summary>
    internal static readonly TimeSpan ForgetIdleAfter = TimeSpan.FromMinutes(2);

    // Losing the listener wakes every waiter to poll the database; at once, 1,000 held requests would all query in the
    // same instant. Spread over the interval a deaf waiter polls at anyway, each is still woken within it.
    private static readonly TimeSpan WakeSpread = TimeSpan.FromSeconds(1);
    private const int WakeSlices = 20;

    private readonly ConcurrentDictionary<int, UserState> users = new();
    // Bumped at every connect and disconnect; odd while the listener is connected. One field, so a reader never sees
    // a generation with the wrong connection state.
    private long generation;
    private long nextTrim = clock.GetUtcNow().Add(ForgetIdleAfter).UtcTicks;

    /// <summary>Taken before reading a user's notifications: the signal to wait on and what to check later.</summary>
    public Watch Begin(int userId)
    {
        var now = clock.GetUtcNow().UtcTicks;
        TrimIfDue(now);
        while (true)
        {
            var state = users.GetOrAdd(userId, static _ => new UserState());
            lock (state)
            {
                // Forgotten between the look-up and the lock: its signals go to the state that replaced it.
                if (state.Forgotten)
                    continue;
                // Read under the lock: a disconnect moves the generation before it wakes each state under its lock, so
                // this watch either sees the new generation or gets the signal that the wake completes.
                var current = Volatile.Read(ref generation);
                state.Holders++;
                state.LastBegun = now;
                var known = state.Generation == current;
                return new Watch(this, state, current, IsListening(current), state.Signals, state.Changed.Task,
                    known ? state.NewestAtMost : double.NaN, known ? state.Rows : null);
            }
        }
    }

    /// <summary>Whether a request of <paramref name="userId"/> has begun watching here and is not forgotten (for tests).</summary>
    internal bool Knows(int userId) => users.ContainsKey(userId);

    internal void Signal(NotificationSignal signal)
    {
        if (!users.TryGetValue(signal.UserId, out var state))
            return;
        TaskCompletionSource changed;
        lock (state)
        {
            // A delete sends the deleted row's timestamp, which leaves the bound where it was.
            if (state.Generation == Volatile.Read(ref generation))
                state.NewestAtMost = Math.Max(state.NewestAtMost, signal.Timestamp);
            changed = Changed(state);
        }
        changed.TrySetResult();
    }

    // No waiter needs waking: those begun while it was down poll every second and find it connected on their next turn.
    internal void Connected() => NextGeneration(listeningNow: true);

    internal void Disconnected()
    {
        if (NextGeneration(listeningNow: false))
            _ = WakeEveryoneAsync();
    }

    private static bool IsListening(long generation) => (generation & 1) == 1;

    /// <summary>Moves to the next generation with that state; false if it was already there.</summary>
    private bool NextGeneration(bool listeningNow)
    {
        lock (users)
        {
            var current = Volatile.Read(ref generation);
            if (IsListening(current) == listeningNow)
                return false;
            Volatile.Write(ref generation, current + 1);
            return true;
        }
    }

    private async Task WakeEveryoneAsync()
    {
        var states = users.Values.ToArray();
        var slice = Math.Max(1, (states.Length + WakeSlices - 1) / WakeSlices);
        for (var first = 0; first < states.Length; first += slice)
        {
            if (first > 0)
                await Task.Delay(WakeSpread / WakeSlices, clock);
            foreach (var state in states.AsSpan(first, Math.Min(slice, states.Length - first)))
            {
                TaskCompletionSource changed;
                lock (state)
                    changed = Changed(state);
                changed.TrySetResult();
            }
        }
    }

    // Under the state's lock: drops what was known of the rows and hands back the signal to complete outside it.
    private static TaskCompletionSource Changed(UserState state)
    {
        state.Rows = null;
        state.Signals++;
        var changed = state.Changed;
        state.Changed = NewSignal();
        return changed;
    }

    private void TrimIfDue(long now)
    {
        var due = Volatile.Read(ref nextTrim);
        if (now < due || Interlocked.CompareExchange(ref nextTrim, now + ForgetIdleAfter.Ticks, due) != due)
            return;
        var idleSince = now - ForgetIdleAfter.Ticks;
        foreach (var (userId, state) in users)
            lock (state)
                if (state.Holders == 0 && state.LastBegun < idleSince)
                {
                    state.Forgotten = true;
                    users.TryRemove(new KeyValuePair<int, UserState>(userId, state));
                }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One of the user's notifications as the feed answers it: its JSON object, serialized once.</summary>
    public sealed record Row(double Timestamp, byte[] Json);

    internal sealed class UserState
    {
        public TaskCompletionSource Changed = NewSignal();
        public long Signals;
        public long Generation = -1;
        public double NewestAtMost = double.NaN;
        public Row[]? Rows;
        // The query under way for the user, shared by the requests that began in the same state (a burst of writes
        // wakes every tab of every user at once: one query per user, not per tab).
        public Task<Row[]>? Reading;
        public long ReadingSignals;
        public long ReadingGeneration;
        public int Holders;
        public long LastBegun;
        public bool Forgotten;
    }

    /// <summary>One request's view of a user, taken before it reads their notifications; dispose it when done.</summary>
    public sealed class Watch : IDisposable
    {
        private readonly NotificationWaiters owner;
        private readonly UserState state;
        private readonly long generation;
        private readonly long signals;
        private readonly double newestAtMost;
        private int disposed;

        internal Watch(NotificationWaiters owner, UserState state, long generation, bool listening, long signals, Task changed,
            double newestAtMost, Row[]? rows)
        {
            (this.owner, this.state, this.generation, this.signals, this.newestAtMost) = (owner, state, generation, signals, newestAtMost);
            (Listening, Changed, Rows) = (listening, changed, listening ? rows : null);
        }

        /// <summary>Whether a write would wake <see cref="Changed"/>; if not, the waiter must poll.</summary>
        public bool Listening { get; }

        /// <summary>Completes at the user's next notification write, or when the listener drops.</summary>
        public Task Changed { get; }

        /// <summary>All of the user's notifications, oldest first, if nothing was written since a query read them.</summary>
        public IReadOnlyList<Row>? Rows { get; }

        /// <summary>True when nothing newer than <paramref name="since"/> can exist, so no query is needed.</summary>
        public bool NothingNewerThan(double since) => Listening && since >= newestAtMost;

        /// <summary>
        /// All of the user's notifications, oldest first, read by <paramref name="read"/> or by the query another
        /// request that saw the same state has under way, and kept if the listener stayed connected and no write for
        /// the user was heard meanwhile (the query may have missed that write; its signal dropped the rows already,
        /// and its waiters query again).
        /// </summary>
        public async Task<Row[]> ReadAsync(Func<Task<Row[]>> read)
        {
            TaskCompletionSource<Row[]> mine = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<Row[]>? theirs = null;
            lock (state)
            {
                if (state.Reading is { } reading && state.ReadingSignals == signals && state.ReadingGeneration == generation)
                    theirs = reading;
                else
                    (state.Reading, state.ReadingSignals, state.ReadingGeneration) = (mine.Task, signals, generation);
            }
            if (theirs is not null)
                return await theirs;
            try
            {
                var all = await read();
                Learned(all);
                mine.SetResult(all);
                return all;
            }
            catch (Exception e)
            {
                mine.SetException(e);
                throw;
            }
            finally
            {
                lock (state)
                    if (state.Reading == mine.Task)
                        state.Reading = null;
            }
        }

        private void Learned(Row[] all)
        {
            if (!Listening)
                return;
            lock (state)
            {
                if (generation != Volatile.Read(ref owner.generation) || signals != state.Signals)
                    return;
                state.Rows = all;
                state.NewestAtMost = all.Length > 0 ? all.Max(r => r.Timestamp) : double.NegativeInfinity;
                state.Generation = generation;
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
                lock (state)
                    state.Holders--;
        }
    }
}
