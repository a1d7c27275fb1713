using Microblog.Tasks.Queue;
using Microblog.Web.Configuration;

namespace Microblog.Web.Commands;

/// <summary>
/// <c>Microblog.Web worker [--queues a,b] [--concurrency N] [--burst] [--log-file PATH]</c>: microblog's
/// <c>rq worker microblog-tasks</c>. The same services and configuration as the web app, without its HTTP server.
/// </summary>
public static class WorkerCommand
{
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
        await new Worker(app.Services, options).RunAsync(CancellationToken.None);
        return 0;
    }
}
