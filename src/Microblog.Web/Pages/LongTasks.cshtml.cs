using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Web.Pages;

/// <summary>
/// flask-celery-example's page: start long-task demos and watch each one's bar. The page only renders; its
/// script starts them through <c>POST /api/tasks/long_task</c> and polls each status URL.
/// </summary>
public class LongTasksModel(MicroblogDbContext db) : PageModel
{
    /// <summary>Demos still queued or running, so a reload picks their bars up again.</summary>
    public IReadOnlyList<string> RunningIds { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var myId = User.RequiredUserId();
        RunningIds = await db.BackgroundTasks.AsNoTracking().InProgress(myId, LongTask.Name)
            .OrderBy(t => t.CreatedAt).Select(t => t.Id).ToListAsync();
    }
}
