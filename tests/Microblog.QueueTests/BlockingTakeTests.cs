using System.Globalization;
using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microblog.QueueTests;

/// <summary>
/// An idle worker takes a job with BLMOVE and starts it with <see cref="Scripts.StartTaken"/> pipelined behind it,
/// stamped with the server's clock because the script runs a blocking wait after it was sent.
/// </summary>
public sealed class BlockingTakeTests
{
    [Fact]
    public async Task Job_taken_by_a_blocking_wait_is_stamped_started_by_the_servers_clock_not_when_the_wait_began()
    {
        await using var h = new QueueHarness();
        var job = await h.Queue.EnqueueAsync(Add.Name, 1, 2);
        const string worker = "idle";
        // What BLMOVE does when the job arrives, and the start script sent with it an hour earlier, as a worker
        // that began its wait then would have sent it.
        await QueueHarness.Redis.ListMoveAsync(h.Prefix + "queue:default", $"{h.Prefix}worker:{worker}:jobs", ListSide.Left, ListSide.Right);
        var sentEarlier = new JobStore(h.Services.GetRequiredService<QueueConnection>(), new RedisKeys(h.Prefix), new OffsetClock(TimeSpan.FromHours(-1)));
        var before = DateTimeOffset.UtcNow;

        var started = JobStore.Hashes(await sentEarlier.RunAsync(Scripts.StartTaken, worker)).Single();

        var stamp = JobStore.ParseIso((string?)started.Single(e => e.Name == "started_at").Value)!.Value;
        Assert.InRange(stamp, before.AddSeconds(-2), DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.Equal(job.Id, (string?)started.Single(e => e.Name == "id").Value);
        Assert.Equal(JobStatus.Started, await h.StatusAsync(job.Id));
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
