using System.Globalization;
using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;
using StackExchange.Redis;

namespace Microblog.QueueTests;

/// <summary>
/// An idle worker takes a job with BLMOVE and starts it with <see cref="Scripts.StartTaken"/> pipelined behind it,
/// stamped with the server's clock because the script runs a blocking wait after it was sent.
/// </summary>
public sealed class BlockingTakeTests
{
    [Fact]
    public async Task Job_taken_by_an_idle_worker_is_stamped_started_when_it_starts_not_when_the_worker_began_waiting()
    {
        await using var h = new QueueHarness();
        h.StartWorker(concurrency: 1);
        await Poll.UntilAsync(async () => (await h.Monitor.GetWorkersAsync()).Count == 1, "the worker registered");
        // Let the worker sit in its blocking wait for a while first, so a stamp taken when it sent it would show.
        await Task.Delay(TimeSpan.FromMilliseconds(700));

        var job = await h.Queue.EnqueueAsync(Add.Name, 1, 2);

        await Poll.UntilAsync(async () => await job.RefreshAsync() && job.Status == JobStatus.Finished, "the job finished");
        Assert.InRange(job.StartedAt!.Value, job.EnqueuedAt!.Value.AddMilliseconds(-50), job.EndedAt!.Value);
        Assert.Equal(1, job.Attempt);
    }

    [Fact]
    public async Task Server_clock_stamps_are_formatted_as_dotnet_formats_them()
    {
        var random = new Random(20261201);
        long[] edges = [0, 86_399, 951_782_399, 951_782_400, 951_868_800, 1_709_164_800, 4_107_542_400, 253_402_300_799];
        var seconds = edges.Concat(Enumerable.Range(0, 500).Select(_ => random.NextInt64(0, 4_102_444_800))).ToArray();
        var micros = seconds.Select((_, i) => i < edges.Length ? 0 : random.Next(0, 1_000_000)).ToArray();
        var script = Scripts.Prelude + """
            local out = {}
            for i = 4, #ARGV, 2 do out[#out + 1] = iso(tonumber(ARGV[i]), tonumber(ARGV[i + 1])) end
            return out
            """;
        RedisValue[] args = ["", "0", "", .. seconds.Zip(micros).SelectMany(p => new RedisValue[] { p.First, p.Second })];

        var formatted = (string[])(await QueueHarness.Redis.ScriptEvaluateAsync(script, null, args))!;

        var expected = seconds.Zip(micros, (s, us) => JobStore.Iso(DateTimeOffset.FromUnixTimeSeconds(s).AddTicks(us * 10L)));
        Assert.Equal(expected, formatted);
        Assert.Equal("2000-02-29T00:00:00.000000Z", formatted[3]);
        Assert.Equal(DateTimeOffset.Parse("2000-02-29T00:00:00Z", CultureInfo.InvariantCulture), JobStore.ParseIso(formatted[3]));
    }
}
