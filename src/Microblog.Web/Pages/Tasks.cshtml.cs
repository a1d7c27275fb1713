using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Web.Pages;

/// <summary>The signed-in user's background tasks, running and past, newest first.</summary>
public class TasksModel(MicroblogDbContext db, TaskLauncher launcher) : PageModel
{
    private const int PageSize = 25;

    public sealed record Row(BackgroundTask Task, string State, int Progress);

    public Paged<Row> Tasks { get; private set; } = new([], 1, false, false);

    public async Task OnGetAsync(int page = 1)
    {
        var myId = User.RequiredUserId();
        // Closes rows whose jobs ended without the handler saying so, and reads the live progress of the rest.
        var live = (await launcher.GetTasksInProgressAsync(myId)).ToDictionary(t => t.Task.Id, t => t.Progress);
        var rows = await db.BackgroundTasks.AsNoTracking().Where(t => t.UserId == myId)
            .OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id)
            .ToPagedAsync(page, PageSize);
        Tasks = new Paged<Row>(
            [.. rows.Items.Select(t => new Row(t, State(t), live.GetValueOrDefault(t.Id, t.Complete ? 100 : 0)))],
            rows.Number, rows.HasPrevious, rows.HasNext);
    }

    private static string State(BackgroundTask task) => task switch
    {
        { Complete: false } => "in progress",
        { Failed: true } => "failed",
        _ => "finished",
    };
}
