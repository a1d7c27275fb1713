using System.Globalization;
using Microblog.Data;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// The languages the app speaks, and the one a task's worker writes in: the worker has no request, so the language
/// travels on the task's row (<see cref="BackgroundTask.Culture"/>) from the request that launched it.
/// </summary>
public static class TaskCulture
{
    /// <summary>The supported languages, the default first; the web app's request localization offers the same.</summary>
    public static readonly string[] Supported = [BackgroundTask.DefaultCulture, "es"];

    /// <summary>The supported language of <paramref name="culture"/> or its parents ("es-MX" is "es"); else the default.</summary>
    public static string Nearest(CultureInfo culture)
    {
        for (var c = culture; c.Name.Length > 0; c = c.Parent)
            if (Supported.Contains(c.Name))
                return c.Name;
        return Supported[0];
    }

    /// <summary>
    /// Makes <paramref name="name"/> the culture of numbers and words from here on in the calling flow. An async method
    /// that calls this changes its own flow and what it awaits, never its caller's (the execution context is restored).
    /// </summary>
    public static void Use(string name)
    {
        var culture = CultureInfo.GetCultureInfo(Supported.Contains(name) ? name : Supported[0]);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }
}
