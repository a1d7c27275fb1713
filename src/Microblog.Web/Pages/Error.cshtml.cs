using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microblog.Web.Pages;

/// <summary>Friendly error pages; reached by re-execution, so it must also answer the failed request's POST.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";
    public int Code { get; private set; }

    public void OnGet(int code)
    {
        Code = code;
        (Title, Explanation) = code switch
        {
            400 => ("Bad request", "The request could not be understood. If you submitted a form, reload the page and try again."),
            403 => ("Forbidden", "You are not allowed to see this page."),
            404 => ("File Not Found", "Sorry, we could not find the page you were looking for."),
            405 => ("Method not allowed", "This address does not answer that kind of request."),
            >= 500 => ("An unexpected error has occurred", "The administrator has been notified. Sorry for the inconvenience!"),
            _ => ("Something went wrong", "Sorry, that did not work."),
        };
        // A direct visit to /error/404 answers 200 otherwise; re-executed requests keep their original code.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is null)
            Response.StatusCode = code is >= 400 and < 600 ? code : 404;
    }

    public void OnPost(int code) => OnGet(code);
}
