using Microblog.Tasks.Queue;

namespace Microblog.Web.Endpoints;

/// <summary>
/// The dashboard charts' data, admins only: <c>GET /admin/stats/seconds?last=300</c> (jobs finished and failed per
/// second, up to 600) and <c>GET /admin/stats/hours?last=72</c> (per hour, up to 192). Answers
/// <c>{ start, step, finished: [...], failed: [...] }</c>, times in Unix seconds, oldest bucket first.
/// </summary>
public static class JobStatsEndpoints
{
    public sealed record ThroughputDto(long Start, long Step, IReadOnlyList<long> Finished, IReadOnlyList<long> Failed);

    public static void MapJobStats(this WebApplication app)
    {
        var stats = app.MapGroup("/admin/stats").RequireAuthorization(AdminRequirement.Policy).WithMetadata(new ScriptEndpointMetadata());
        stats.MapGet("/seconds", async (JobQueueMonitor monitor, int? last) => Dto(await monitor.GetThroughputPerSecondAsync(last ?? 300)));
        stats.MapGet("/hours", async (JobQueueMonitor monitor, int? last) => Dto(await monitor.GetThroughputPerHourAsync(last ?? 72)));
    }

    private static ThroughputDto Dto(JobThroughput t) =>
        new(t.Start.ToUnixTimeSeconds(), (long)t.Step.TotalSeconds, t.Finished, t.Failed);
}
