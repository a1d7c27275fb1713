using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Microblog.Web.Pages;

/// <summary>Flask's <c>flash()</c>: messages kept in TempData across the redirect and shown once by the layout.</summary>
public static class Flashes
{
    private const string Key = "flash";

    public static void Add(ITempDataDictionary tempData, string message) =>
        tempData[Key] = tempData.Peek(Key) is string[] existing ? [.. existing, message] : new[] { message };

    public static void Flash(this PageModel page, string message) => Add(page.TempData, message);

    public static string[] Take(ITempDataDictionary tempData) => tempData[Key] as string[] ?? [];
}
