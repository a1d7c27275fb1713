using Microblog.Tasks.Queue;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microblog.Web.Pages.Admin;

/// <summary>One job as Redis holds it: arguments, meta, timings, attempts and the exception with its stack trace.</summary>
[Authorize(Policy = AdminRequirement.Policy)]
public class JobModel(JobQueue queue) : PageModel
{
    public Job Job { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await queue.FetchJobAsync(id) is not { } job)
            return NotFound();
        Job = job;
        return Page();
    }
}
