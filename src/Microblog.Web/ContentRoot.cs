using System.Reflection;

namespace Microblog.Web;

internal static class ContentRoot
{
    /// <summary>
    /// The app's own folder when started as <c>dotnet path/to/Microblog.Web.dll</c> from elsewhere (bin/dev, Procfile),
    /// so appsettings.json is found; otherwise null, the default (the current directory, or the test host's choice).
    /// </summary>
    public static string? Find()
    {
        var startedDirectly = Assembly.GetEntryAssembly() == typeof(ContentRoot).Assembly;
        var here = Directory.GetCurrentDirectory();
        return startedDirectly && !File.Exists(Path.Combine(here, "appsettings.json"))
            && File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            ? AppContext.BaseDirectory
            : null;
    }
}
