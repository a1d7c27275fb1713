using System.Diagnostics;
using Microblog.QueueTests.Worker;

namespace Microblog.QueueTests;

/// <summary>The test worker program (tests/Microblog.QueueTests.Worker) running as its own OS process.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    public WorkerProcess(string prefix, params string[] arguments)
        : this(prefix, graceSeconds: null, arguments)
    {
    }

    public WorkerProcess(string prefix, int? graceSeconds, params string[] arguments)
        : this(TestServices.RedisAddress(), prefix, graceSeconds, workerTtlSeconds: null, arguments)
    {
    }

    /// <summary>A worker process on the harness's Redis database and prefix.</summary>
    public WorkerProcess(QueueHarness harness, params string[] arguments)
        : this(harness.Address, harness.Prefix, graceSeconds: null, workerTtlSeconds: null, arguments)
    {
    }

    /// <summary>A worker process that counts as dead only after <paramref name="workerTtl"/> without a heartbeat.</summary>
    public WorkerProcess(string prefix, TimeSpan workerTtl, params string[] arguments)
        : this(TestServices.RedisAddress(), prefix, graceSeconds: null, (int)workerTtl.TotalSeconds, arguments)
    {
    }

    private WorkerProcess(string redis, string prefix, int? graceSeconds, int? workerTtlSeconds, string[] arguments)
    {
        // The program is built next to this project's output, in its own project folder.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..",
            "Microblog.QueueTests.Worker", "bin", configuration, "net10.0", "Microblog.QueueTests.Worker.dll"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("worker");
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["MICROBLOG_TEST_REDIS"] = redis;
        start.Environment["MICROBLOG_TEST_PREFIX"] = prefix;
        if (graceSeconds is not null)
            start.Environment["MICROBLOG_TEST_GRACE_SECONDS"] = graceSeconds.ToString();
        if (workerTtlSeconds is not null)
            start.Environment["MICROBLOG_TEST_WORKER_TTL_SECONDS"] = workerTtlSeconds.ToString();
        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (output)
                return string.Join('\n', output);
        }
    }

    /// <summary>SIGKILL: no chance to put anything back.</summary>
    public void KillHard() => process.Kill();

    /// <summary>SIGTERM, as a process manager sends to stop a worker.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();

    /// <summary>Waits for the process to exit and asserts it exited cleanly.</summary>
    public async Task ExitsCleanlyAsync(TimeSpan within)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(within);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The worker process did not exit within {within.TotalSeconds} s. Output:\n{Output}");
        }
        Assert.True(process.ExitCode == 0, $"The worker process exited with {process.ExitCode}. Output:\n{Output}");
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill();
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.Add(line);
    }
}
