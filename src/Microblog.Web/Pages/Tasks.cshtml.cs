using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Web.Pages;

/// <summary>The signed-in user's background tasks, running and past, newest first; read from PostgreSQL alone.</summary>
public class TasksModel(MicroblogDbContext db, ArchiveLinks links, TimeProvider clock) : PageModel
{
    private const int PageSize = 25;

    public Paged<BackgroundTask> Tasks { get; private set; } = new([], 1, false, false);

    /// <summary>The stored archives of the listed exports that can still be downloaded, by task id.</summary>
    public Dictionary<string, Archive> Downloads { get; private set; } = [];

    public async Task OnGetAsync(int page = 1)
    {
        var myId = User.RequiredUserId();
        Tasks = await db.BackgroundTasks.AsNoTracking().Where(t => t.UserId == myId)
            .OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id)
            .ToPagedAsync(page, PageSize);
        var taskIds = Tasks.Items.Select(t => t.Id).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        Downloads = await db.Archives.AsNoTracking()
            .Where(a => a.UserId == myId && taskIds.Contains(a.TaskId) && a.ExpiresAt > now)
            .ToDictionaryAsync(a => a.TaskId);
    }

    public string DownloadPath(Archive archive) => links.PathOf(archive);

    /// <summary>
    /// The state as the list shows it: an open task is "in progress" (or "retrying"), an ended one its end. Also the
    /// row's data-state; the badge shows it translated (each is a key of the shared resources).
    /// </summary>
    public static string StateOf(BackgroundTask task) => task switch
    {
        { Complete: false, State: BackgroundTask.States.Retrying } => "retrying",
        { Complete: false } => "in progress",
        _ => task.State,
    };

    public static string Badge(string state) => state switch
    {
        "in progress" or "retrying" => "text-bg-primary",
        BackgroundTask.States.Failed => "text-bg-danger",
        BackgroundTask.States.Canceled or BackgroundTask.States.Stopped => "text-bg-warning",
        _ => "text-bg-success",
    };
}
