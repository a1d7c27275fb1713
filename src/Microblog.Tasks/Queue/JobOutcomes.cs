using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microblog.Tasks.Queue;

/// <summary>Hands settled jobs to the registered <see cref="IJobOutcomeHandler"/>s and runs the <see cref="IWorkerHousekeeping"/>s.</summary>
internal sealed class JobOutcomes(IServiceScopeFactory scopes, ILogger<JobOutcomes> logger)
{
    public async Task ReportAsync(JobOutcome outcome)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            foreach (var handler in scope.ServiceProvider.GetServices<IJobOutcomeHandler>())
                await handler.OnOutcomeAsync(outcome, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The outcome {Kind} of job {JobId} was not handled", outcome.Kind, outcome.JobId);
        }
    }

    public async Task ReportAsync(IEnumerable<JobOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
            await ReportAsync(outcome);
    }

    public async Task HousekeepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var sweep in scope.ServiceProvider.GetServices<IWorkerHousekeeping>())
        {
            try
            {
                await sweep.RunAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The worker is stopping; the next worker's heartbeat sweeps again.
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Housekeeping {Sweep} failed; it runs again at the next heartbeat", sweep.GetType().Name);
            }
        }
    }
}
