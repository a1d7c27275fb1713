using System.Collections.Concurrent;
using Microblog.QueueTests.Worker;
using Microblog.Tasks.Queue;
using Microblog.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Microblog.QueueTests;

/// <summary>What the worker tells the app about the jobs it settles.</summary>
public sealed class OutcomeTests
{
    [Fact]
    public async Task A_burst_worker_returns_only_once_the_app_has_heard_how_every_job_ended()
    {
        var heard = new ConcurrentQueue<JobOutcome>();
        var burst = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = new QueueHarness(services: s => s.AddSingleton(new Listening(heard, burst.Task))
            .AddScoped<HoldingListener>().AddJobOutcomeHandler<HoldingListener>());
        var ok = await h.Queue.EnqueueAsync(Noop.Name);
        var failed = await h.Queue.EnqueueAsync(Fail.Name, ["boom"]);

        var run = h.RunBurstAsync();
        burst.SetResult(run);
        await run;

        Assert.Equal(
            [(ok.Id, JobOutcomeKind.Finished), (failed.Id, JobOutcomeKind.Failed)],
            heard.Select(o => (o.JobId, o.Kind)).OrderBy(o => o.Kind));
    }

    private sealed record Listening(ConcurrentQueue<JobOutcome> Heard, Task<Task> Burst);

    /// <summary>
    /// An app slow to record an outcome, as a database write under load is: it holds each report a while, and records
    /// it only if the burst worker has not returned meanwhile (a failure here is logged and the outcome goes unheard).
    /// </summary>
    private sealed class HoldingListener(Listening listening) : IJobOutcomeHandler
    {
        public async Task OnOutcomeAsync(JobOutcome outcome, CancellationToken ct)
        {
            var burst = await listening.Burst;
            await Poll.NeverAsync(() => burst.IsCompleted, "the burst worker returned before its outcome was recorded", TimeSpan.FromMilliseconds(300));
            listening.Heard.Enqueue(outcome);
        }
    }
}
