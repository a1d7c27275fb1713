using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Microblog.Web.Pages;

/// <summary>
/// Friendly error pages; reached by re-execution, so it must also answer the failed request's POST. A dependency
/// outage answers 503 instead of 500, and a script's request (<see cref="IsScriptPath"/>) gets JSON instead of HTML.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class ErrorModel(IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>HttpContext.Items key of a sentence that explains the status better than the generic text (rate limits).</summary>
    public const string MessageKey = "error-message";

    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";
    public int Code { get; private set; }

    public IActionResult OnGet([FromRoute] int code)
    {
        var exception = HttpContext.Features.Get<IExceptionHandlerFeature>();
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        var outage = Outages.Describe(exception?.Error);
        if (outage is not null)
            code = StatusCodes.Status503ServiceUnavailable;
        // A body over the form limits, or one that ends early, is the sender's fault, not a bug.
        else if (exception?.Error is BadHttpRequestException bad)
            code = bad.StatusCode;
        else if (exception?.Error is InvalidDataException)
            code = StatusCodes.Status413PayloadTooLarge;
        Code = code;
        (Title, Explanation) = code switch
        {
            400 => (text["Bad request"], text["The request could not be understood. If you submitted a form, reload the page and try again."]),
            403 => (text["Forbidden"], text["You are not allowed to see this page."]),
            404 => (text["File Not Found"], text["Sorry, we could not find the page you were looking for."]),
            405 => (text["Method not allowed"], text["This address does not answer that kind of request."]),
            410 => (text["Gone"], text["This is no longer available."]),
            413 => (text["Too large"], text["That request was too large."]),
            429 => (text["Too many requests"], text["You have done that too often; please wait a few minutes and try again."]),
            503 => (text["Temporarily unavailable"],
                text["Microblog cannot reach {0} right now. Please try again in a minute.", text[outage ?? "a service it needs"]]),
            >= 500 => (text["An unexpected error has occurred"], text["The administrator has been notified. Sorry for the inconvenience!"]),
            _ => (text["Something went wrong"], text["Sorry, that did not work."]),
        };
        if (HttpContext.Items[MessageKey] is string message)
            Explanation = message;
        // A direct visit to /error/404 answers 200 otherwise; re-executed requests keep their original code.
        if (reExecuted is null && exception is null)
            Response.StatusCode = code is >= 400 and < 600 ? code : 404;
        else if (exception is not null)
            Response.StatusCode = code;

        // The constructor, not the implicit conversion: that one URL-decodes again and throws on a "%00" in the path.
        var originalPath = exception?.Path ?? reExecuted?.OriginalPath;
        if (originalPath is not null && IsScriptPath(new PathString(originalPath)))
            return new JsonResult(new { error = Explanation }) { StatusCode = Response.StatusCode };
        return Page();
    }

    // From the route only: the failed POST's form may be what failed (over the size limits), so it is not read again.
    public IActionResult OnPost([FromRoute] int code) => OnGet(code);

    /// <summary>Addresses that page scripts call, which expect JSON errors.</summary>
    public static bool IsScriptPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/notifications") || path.StartsWithSegments("/readyz");
}
