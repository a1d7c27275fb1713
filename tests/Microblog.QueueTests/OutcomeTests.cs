using System.Collections.Concurrent;
using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;
using Microsoft.Extensions.DependencyInjection;

namespace Microblog.QueueTests;

/// <summary>What the worker tells the app about the jobs it settles.</summary>
public sealed class OutcomeTests
{
    [Fact]
    public async Task A_burst_worker_returns_only_once_the_app_has_heard_how_every_job_ended()
    {
        var heard = new ConcurrentQueue<JobOutcome>();
        await using var h = new QueueHarness(services: s => s.AddSingleton(heard).AddScoped<SlowListener>().AddJobOutcomeHandler<SlowListener>());
        var ok = await h.Queue.EnqueueAsync(Noop.Name);
        var failed = await h.Queue.EnqueueAsync(Fail.Name, ["boom"]);

        await h.RunBurstAsync();

        Assert.Equal(
            [(ok.Id, JobOutcomeKind.Finished), (failed.Id, JobOutcomeKind.Failed)],
            heard.Select(o => (o.JobId, o.Kind)).OrderBy(o => o.Kind));
    }

    /// <summary>An app whose record of an outcome takes a while, as a database write under load does.</summary>
    private sealed class SlowListener(ConcurrentQueue<JobOutcome> heard) : IJobOutcomeHandler
    {
        public async Task OnOutcomeAsync(JobOutcome outcome, CancellationToken ct)
        {
            await Task.Delay(300, ct);
            heard.Enqueue(outcome);
        }
    }
}
