using System.Diagnostics;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Jobs;

/// <summary>
/// <c>Microblog.Web worker</c> as its own OS process on the factory's database, Redis prefix and mail, heartbeating
/// every second with a 3 s TTL, so a test can kill it with SIGKILL mid-job as an OOM killer or a crash would.
/// </summary>
public sealed class AppWorkerProcess : IDisposable
{
    private readonly Process process;

    public AppWorkerProcess(OperateAppFactory app, string redisPrefix)
    {
        var smtp = TestEnv.Smtp.Split(':');
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Microblog.Web"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in (string[])["worker", "--queues", OperateAppFactory.TaskQueue, "--concurrency", "4"])
            start.ArgumentList.Add(argument);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ConnectionStrings__Microblog"] = app.ConnectionString,
            ["ConnectionStrings__Redis"] = TestEnv.Redis,
            ["MAIL_SERVER"] = smtp[0], ["MAIL_PORT"] = smtp[1], ["MAIL_USE_TLS"] = "false",
            ["MAIL_SENDER"] = "Microblog <no-reply@microblog.test>",
            ["JobQueue__Prefix"] = redisPrefix,
            ["JobQueue__HeartbeatInterval"] = "00:00:01",
            ["JobQueue__WorkerTtl"] = "00:00:03",
            ["Microblog__TaskQueue"] = OperateAppFactory.TaskQueue,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker process.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => process.Id;

    /// <summary>SIGKILL: no shutdown, no put-back, no outcome; only its registration expiring tells the others.</summary>
    public void KillHard()
    {
        process.Kill();
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
            KillHard();
        process.Dispose();
    }
}
