using System.Diagnostics;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Security;

/// <summary>Runs the built app's own binary with a command (<c>admin grant x</c>) against a test factory's services.</summary>
public static class CommandLine
{
    public static Task<(int Exit, string Out, string Error)> RunAsync(AppFactory app, params string[] args) =>
        RunAsync(app, [], args);

    /// <summary>Runs with <paramref name="environment"/> added to (or overriding) the test settings.</summary>
    public static async Task<(int Exit, string Out, string Error)> RunAsync(AppFactory app, Dictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Microblog.Web.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var smtp = TestEnv.Smtp.Split(':');
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ConnectionStrings__Microblog"] = app.ConnectionString;
        start.Environment["ConnectionStrings__Redis"] = TestEnv.Redis;
        start.Environment["Mail__Server"] = smtp[0];
        start.Environment["Mail__Port"] = smtp[1];
        start.Environment["Mail__Sender"] = "Microblog <no-reply@microblog.test>";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["JobQueue__Prefix"] = app.QueuePrefix;
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start Microblog.Web");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A deadline, not a speed check: a cold .NET start took over a minute at load 35.
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Microblog.Web {string.Join(' ', args)} did not exit within 3 minutes:\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
