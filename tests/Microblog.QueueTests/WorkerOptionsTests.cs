using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;

namespace Microblog.QueueTests;

public sealed class WorkerOptionsTests
{
    [Fact]
    public void Command_line_gives_queues_in_order_concurrency_burst_log_file_and_name()
    {
        var options = WorkerOptions.Parse(["worker", "--queues", "high,low", "--concurrency=3", "--burst", "--log-file", "/tmp/w.log", "--name", "w1"]);

        Assert.Equal(["high", "low"], options.Queues);
        Assert.Equal(3, options.Concurrency);
        Assert.True(options.Burst);
        Assert.Equal("/tmp/w.log", options.LogFile);
        Assert.Equal("w1", options.Name);
        Assert.True(options.HandleSignals);
    }

    [Fact]
    public void Command_line_defaults_to_the_default_queue_and_one_job_per_cpu()
    {
        var options = WorkerOptions.Parse(["worker"]);

        Assert.Empty(options.Queues);
        Assert.Equal(WorkerOptions.DefaultConcurrency, options.Concurrency);
        Assert.False(options.Burst);
    }

    [Theory]
    [InlineData("--concurrency", "0", "--concurrency needs a whole number of at least 1, not '0'")]
    [InlineData("--frobnicate", "x", "Unknown worker option '--frobnicate'")]
    [InlineData("--queues", null, "--queues needs a value")]
    public void Bad_command_line_is_refused_with_a_one_line_reason(string option, string? value, string reason)
    {
        string[] args = value is null ? [option] : [option, value];

        var error = Assert.Throws<ArgumentException>(() => WorkerOptions.Parse(args));

        Assert.StartsWith(reason, error.Message);
        Assert.Contains("usage: worker", error.Message);
    }

    [Fact]
    public async Task Log_file_gets_a_line_per_job_with_id_name_outcome_and_duration()
    {
        await using var h = new QueueHarness();
        var path = Path.Combine(Path.GetTempPath(), $"{h.Prefix.TrimEnd(':')}.log");
        var ok = await h.Queue.EnqueueAsync(Noop.Name);
        var bad = await h.Queue.EnqueueAsync(Fail.Name, "x");

        await new Tasks.Queue.Worker(h.Services, new WorkerOptions { Burst = true, LogFile = path }).RunAsync(CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(path);
        File.Delete(path);
        Assert.Contains(lines, l => l.Contains($"job {ok.Id} noop attempt 1 finished in "));
        Assert.Contains(lines, l => l.Contains($"job {bad.Id} fail attempt 1 failed in "));
    }
}
