using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microblog.Tasks.Queue;
using StackExchange.Redis;

namespace Microblog.QueueTests.Worker;

public sealed class Noop
{
    public const string Name = "noop";

    public Task RunAsync() => Task.CompletedTask;
}

public sealed class Add
{
    public const string Name = "add";

    public Task<int> RunAsync(int a, int b) => Task.FromResult(a + b);
}

public sealed class Fail
{
    public const string Name = "fail";

    public Task RunAsync(string message) => throw new InvalidOperationException(message);
}

/// <summary>Sleeps; when its token is cancelled it says so in meta, so a test can tell the token fired.</summary>
public sealed class Sleep
{
    public const string Name = "sleep";

    public async Task RunAsync(int milliseconds, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(milliseconds, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            var job = Job.Current!;
            job.Meta["cancelled"] = true;
            await job.SaveMetaAsync(CancellationToken.None);
            throw;
        }
    }
}

/// <summary>Sleeps on its first attempt only, so a retry after its worker died ends at once.</summary>
public sealed class SleepFirst
{
    public const string Name = "sleep_first";

    public Task RunAsync(int milliseconds, CancellationToken cancellationToken) =>
        Job.Current!.Attempt == 1 ? Task.Delay(milliseconds, cancellationToken) : Task.CompletedTask;
}

/// <summary>Saves its progress in meta, then holds on so a test can watch it while it runs.</summary>
public sealed class Progress
{
    public const string Name = "progress";

    public async Task RunAsync(int percent, int holdMilliseconds, CancellationToken cancellationToken)
    {
        var job = Job.Current!;
        job.Meta["progress"] = percent;
        await job.SaveMetaAsync(cancellationToken);
        await Task.Delay(holdMilliseconds, cancellationToken);
    }
}

/// <summary>Throws until its attempt number reaches <c>succeedOn</c>; notes when each attempt started in meta.</summary>
public sealed class FailUntil
{
    public const string Name = "fail_until";

    public async Task<int> RunAsync(int succeedOn, CancellationToken cancellationToken)
    {
        var job = Job.Current!;
        job.Meta[$"attempt_{job.Attempt}"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await job.SaveMetaAsync(cancellationToken);
        if (job.Attempt < succeedOn)
            throw new InvalidOperationException($"attempt {job.Attempt} fails");
        return job.Attempt;
    }
}

/// <summary>Counts each run of a job in a Redis hash, so a test can tell that every job ran exactly once.</summary>
public sealed class Record(IConnectionMultiplexer redis)
{
    public const string Name = "record";

    public async Task RunAsync(string key, int sleepMilliseconds, CancellationToken cancellationToken)
    {
        await redis.GetDatabase().HashIncrementAsync(key, Job.Current!.Id);
        if (sleepMilliseconds > 0)
            await Task.Delay(sleepMilliseconds, cancellationToken);
    }
}

/// <summary>Notes how many runs under one key overlap, so a test can check a worker's concurrency cap.</summary>
public sealed class Overlap
{
    public const string Name = "overlap";

    private static readonly ConcurrentDictionary<string, StrongBox<int>> Running = new();

    public static readonly ConcurrentDictionary<string, int> MostAtOnce = new();

    public async Task RunAsync(string key, int holdMilliseconds, bool fail, CancellationToken cancellationToken)
    {
        var running = Running.GetOrAdd(key, _ => new StrongBox<int>());
        var now = Interlocked.Increment(ref running.Value);
        MostAtOnce.AddOrUpdate(key, now, (_, most) => Math.Max(most, now));
        try
        {
            await Task.Delay(holdMilliseconds, cancellationToken);
            if (fail)
                throw new InvalidOperationException("fails on purpose");
        }
        finally
        {
            Interlocked.Decrement(ref running.Value);
        }
    }
}
