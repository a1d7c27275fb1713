using Microblog.Tasks.Queue;
using Microblog.Web.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Microblog.Web.Pages.Admin;

/// <summary>
/// The job dashboard in rq-dashboard's spirit: queues with counts per state, workers, and one page of jobs of a
/// queue in a state, with the repair actions. Reads Redis only, so it shows history from before a web restart.
/// </summary>
[Authorize(Policy = AdminRequirement.Policy)]
public class JobsModel(JobQueueMonitor monitor, JobQueue jobQueue, IOptions<MicroblogOptions> options) : PageModel
{
    public const int PageSize = 20;

    public IReadOnlyList<QueueInfo> Queues { get; private set; } = [];
    public IReadOnlyList<WorkerInfo> Workers { get; private set; } = [];
    public string Queue { get; private set; } = "";
    public JobStatus State { get; private set; } = JobStatus.Failed;
    public long Start { get; private set; }
    public long Total { get; private set; }
    public IReadOnlyList<(string Id, Job? Job)> Jobs { get; private set; } = [];

    // Stopped jobs are listed with the failed ones: RQ keeps both in its failed registry.
    public static IReadOnlyList<JobStatus> States { get; } =
        [JobStatus.Queued, JobStatus.Scheduled, JobStatus.Deferred, JobStatus.Started, JobStatus.Finished, JobStatus.Failed, JobStatus.Canceled];

    public static string Name(JobStatus state) => state.ToString().ToLowerInvariant();

    public static long Count(QueueInfo queue, JobStatus state) => state switch
    {
        JobStatus.Queued => queue.Queued,
        JobStatus.Scheduled => queue.Scheduled,
        JobStatus.Started => queue.Started,
        JobStatus.Finished => queue.Finished,
        JobStatus.Failed or JobStatus.Stopped => queue.Failed,
        JobStatus.Deferred => queue.Deferred,
        _ => queue.Canceled,
    };

    public string ListUrl(string queue, JobStatus state, long start = 0, string find = "") =>
        $"/admin/jobs?queue={Uri.EscapeDataString(queue)}&state={Name(state)}" + (start > 0 ? $"&start={start}" : "")
        + (find.Length > 0 ? $"&find={Uri.EscapeDataString(find)}" : "");

    /// <summary>How many jobs of a registry a search by name reads: enough for a dashboard, bounded for Redis.</summary>
    public const int SearchDepth = 1000;

    /// <summary>The job id or name searched for (<c>?find=</c>), or empty.</summary>
    public string Find { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? queue, string? state, long start = 0, string? find = null)
    {
        // A job id goes straight to its page; anything else is a name searched in the queue and state shown.
        if (!string.IsNullOrWhiteSpace(find) && find.Length <= 200 && await jobQueue.FetchJobAsync(find.Trim()) is { } job)
            return Redirect($"/admin/jobs/{Uri.EscapeDataString(job.Id)}");
        await LoadAsync(queue, state, start, find);
        return Page();
    }

    /// <summary>The live part of the page alone; admin_jobs.js polls it and swaps it in.</summary>
    public async Task<IActionResult> OnGetLiveAsync(string? queue, string? state, long start = 0, string? find = null)
    {
        await LoadAsync(queue, state, start, find);
        return Partial("_JobsLive", this);
    }

    public Task<IActionResult> OnPostRequeueAsync(string? id, string? back) =>
        ActAsync(id, monitor.RequeueFailedJobAsync, $"Requeued job {id}.", $"Job {id} is not a failed job; nothing was requeued.", back);

    public async Task<IActionResult> OnPostRequeueAllAsync(string? queue, string? back)
    {
        if (string.IsNullOrWhiteSpace(queue))
            return NoQueue(back);
        var count = await monitor.RequeueAllFailedAsync(queue);
        this.Flash($"Requeued {count} failed job{(count == 1 ? "" : "s")} of queue {queue}.");
        return Back(back);
    }

    public Task<IActionResult> OnPostCancelAsync(string? id, string? back) =>
        ActAsync(id, monitor.CancelJobAsync, $"Canceled job {id}.", $"Job {id} is neither queued nor scheduled; it was not canceled.", back);

    public Task<IActionResult> OnPostStopAsync(string? id, string? back) =>
        ActAsync(id, monitor.StopJobAsync, $"Asked the worker to stop job {id}.", $"Job {id} is not running; nothing was stopped.", back);

    public Task<IActionResult> OnPostDeleteAsync(string? id, string? back) =>
        ActAsync(id, monitor.DeleteJobAsync, $"Deleted job {id}.", $"Job {id} does not exist; nothing was deleted.", back);

    public async Task<IActionResult> OnPostEmptyAsync(string? queue, string? back)
    {
        if (string.IsNullOrWhiteSpace(queue))
            return NoQueue(back);
        var count = await monitor.EmptyQueueAsync(queue);
        this.Flash($"Emptied queue {queue}: deleted {count} queued job{(count == 1 ? "" : "s")}.");
        return Back(back);
    }

    private async Task LoadAsync(string? name, string? state, long start, string? find)
    {
        Find = (find ?? "").Trim();
        Queues = await monitor.GetQueuesAsync();
        Workers = await monitor.GetWorkersAsync();
        Queue = name ?? Queues.FirstOrDefault(q => q.Name == options.Value.TaskQueue)?.Name ?? Queues.FirstOrDefault()?.Name ?? options.Value.TaskQueue;
        State = Enum.TryParse<JobStatus>(state, ignoreCase: true, out var parsed) && States.Contains(parsed) ? parsed : JobStatus.Failed;
        Total = Queues.FirstOrDefault(q => q.Name == Queue) is { } info ? Count(info, State) : 0;
        Start = Math.Clamp(start, 0, Math.Max(0, Total - 1));
        if (Find.Length > 0)
        {
            var all = await monitor.GetJobIdsAsync(Queue, State, 0, SearchDepth);
            var found = await Task.WhenAll(all.Select(id => jobQueue.FetchJobAsync(id)));
            Jobs = [.. all.Zip(found).Where(j => j.Second?.Name.Contains(Find, StringComparison.OrdinalIgnoreCase) == true).Take(PageSize)];
            return;
        }
        var ids = await monitor.GetJobIdsAsync(Queue, State, Start, PageSize);
        var jobs = await Task.WhenAll(ids.Select(id => jobQueue.FetchJobAsync(id)));
        Jobs = [.. ids.Zip(jobs)];
    }

    private async Task<IActionResult> ActAsync(string? id, Func<string, Task<bool>> action, string done, string refused, string? back)
    {
        this.Flash(string.IsNullOrWhiteSpace(id) ? "No job was named; nothing was done." : await action(id) ? done : refused);
        return Back(back);
    }

    private IActionResult NoQueue(string? back)
    {
        this.Flash("No queue was named; nothing was done.");
        return Back(back);
    }

    private IActionResult Back(string? back) => Redirect(back is not null && Url.IsLocalUrl(back) ? back : "/admin/jobs");
}
