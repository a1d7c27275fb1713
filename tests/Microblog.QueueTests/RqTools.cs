using System.Diagnostics;
using System.Text.Json;

namespace Microblog.QueueTests;

/// <summary>RQ 1.13's own client (python/rq_client.py) and its <c>rq</c> command, run against a harness's queue.</summary>
internal static class RqTools
{
    private static readonly string Client = Path.Combine(AppContext.BaseDirectory, "python", "rq_client.py");

    /// <summary>Runs one rq_client.py command and returns what it printed, parsed.</summary>
    public static async Task<JsonElement> ClientAsync(QueueHarness h, params string[] arguments) =>
        JsonDocument.Parse(await RunAsync("/usr/bin/python3", [Client, h.Url, .. arguments])).RootElement.Clone();

    /// <summary>Runs <c>rq COMMAND ARGS -u URL</c> and returns its output.</summary>
    public static Task<string> CliAsync(QueueHarness h, string command, params string[] arguments) =>
        RunAsync("/usr/bin/rq", [command, "-u", h.Url, .. arguments]);

    private static async Task<string> RunAsync(string program, string[] arguments)
    {
        // Debian's interpreter, which has python3-rq; outside any folder an `rq` module could be shadowed from.
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PYTHONWARNINGS"] = "ignore";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await error}\n{await output}");
        return await output;
    }
}
