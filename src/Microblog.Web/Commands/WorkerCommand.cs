using Microblog.Tasks.Queue;
using Microblog.Web.Configuration;

namespace Microblog.Web.Commands;

/// <summary>
/// <c>Microblog.Web worker [--queues a,b] [--concurrency N] [--burst] [--log-file PATH]</c>: microblog's
/// <c>rq worker microblog-tasks</c>. The same services and configuration as the web app, without its HTTP server.
/// </summary>
public static class WorkerCommand
{
    /// <summary>EX_TEMPFAIL: the worker stopped so that its supervisor starts it again.</summary>
    public const int RecycleExitCode = 75;

    public static async Task<int> RunAsync(WebApplicationBuilder builder, MicroblogSettings settings, string[] args)
    {
        WorkerOptions options;
        try
        {
            options = WorkerOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        builder.AddMicroblogWeb(settings);
        await using var app = builder.Build();
        app.Services.ValidateSettings(builder.Configuration);
        var worker = new Worker(app.Services, options);
        await worker.RunAsync(CancellationToken.None);
        // A handler ignored its cancellation past the hard limit and may still run: a fresh process (the supervisor
        // restarts this one: systemd Restart=, compose restart:, Heroku) is the only way to be rid of it.
        return worker.Recycled ? RecycleExitCode : 0;
    }
}
