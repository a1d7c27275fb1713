using System.Globalization;
using System.Resources;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// The words a task shows its user (descriptions, progress, ends, mails), from <c>Resources/TaskText.resx</c> and its
/// translations, keyed by the English text, in <see cref="CultureInfo.CurrentUICulture"/>: the request's language in
/// the web app, the task's (<see cref="TaskCulture.Use"/>) in the worker. A plain ResourceManager rather than an
/// IStringLocalizer, because static code (<see cref="TaskWords"/>, <see cref="ExportMail"/>) needs the words.
/// </summary>
public static class TaskText
{
    public static readonly ResourceManager Resources = new("Microblog.Tasks.Resources.TaskText", typeof(TaskText).Assembly);

    /// <summary>The translation of <paramref name="english"/>; the English itself when it has none.</summary>
    public static string Get(string english) => Resources.GetString(english, CultureInfo.CurrentUICulture) ?? english;

    /// <summary><see cref="Get"/>'s text as a format, numbers and dates written the current culture's way.</summary>
    public static string Format(string english, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, Get(english), args);
}
