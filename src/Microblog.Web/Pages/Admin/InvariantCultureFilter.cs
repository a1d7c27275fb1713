using System.Globalization;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Microblog.Web.Pages.Admin;

/// <summary>
/// The dashboard is for operators and stays English (README, "Languages"), so its numbers and dates must not switch
/// to the request's locale ("0,250 s" beside English words): the pages under <c>/Admin</c> format invariantly. Only
/// the formatting culture changes; the layout around them still speaks the request's language.
/// </summary>
public sealed class InvariantCultureFilter : IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var requested = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            await next();
        }
        finally
        {
            CultureInfo.CurrentCulture = requested;
        }
    }
}
