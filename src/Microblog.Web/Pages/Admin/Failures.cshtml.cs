using Microblog.Tasks.Queue;
using Microblog.Web.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Microblog.Web.Pages.Admin;

/// <summary>GET /admin/failures?queue=: a queue's failed jobs grouped by exception type, most frequent first.</summary>
[Authorize(Policy = AdminRequirement.Policy)]
public class FailuresModel(JobQueueMonitor monitor, JobQueue jobQueue, IOptions<MicroblogOptions> options) : PageModel
{
    /// <summary>The newest failed jobs read; older ones are not grouped (the count says so).</summary>
    public const int Depth = 1000;

    public sealed record Group(string Type, int Count, IReadOnlyList<Job> Examples);

    public string Queue { get; private set; } = "";
    public int Read { get; private set; }
    public IReadOnlyList<Group> Groups { get; private set; } = [];

    public async Task OnGetAsync(string? queue)
    {
        Queue = string.IsNullOrWhiteSpace(queue) ? options.Value.TaskQueue : queue;
        var ids = await monitor.GetJobIdsAsync(Queue, JobStatus.Failed, 0, Depth);
        var jobs = (await Task.WhenAll(ids.Select(id => jobQueue.FetchJobAsync(id)))).OfType<Job>().ToList();
        Read = jobs.Count;
        Groups = [.. jobs.GroupBy(j => ExceptionType(j.ExcInfo))
            .Select(g => new Group(g.Key, g.Count(), [.. g.Take(3)]))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Type, StringComparer.Ordinal)];
    }

    /// <summary>"System.TimeoutException: ..." gives System.TimeoutException; a free-text reason groups as itself, cut short.</summary>
    public static string ExceptionType(string? excInfo)
    {
        var first = (excInfo ?? "").Split('\n', 2)[0].Trim();
        if (first.Length == 0)
            return "(no exception recorded)";
        var colon = first.IndexOf(':');
        var head = colon > 0 ? first[..colon] : first;
        return !head.Contains(' ') ? head : first.Length <= 60 ? first : first[..60] + "…";
    }
}
