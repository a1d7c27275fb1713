using System.Text;
using System.Threading.Channels;
using Microblog.Tasks.Mail;
using Microblog.Web.Configuration;
using Microsoft.Extensions.Options;

namespace Microblog.Web.Logging;

/// <summary>
/// microblog's <c>SMTPHandler</c>: every Error or Critical log event (an unhandled exception in a request, a job
/// failing for good, a worker loop error) is mailed to the <c>ADMINS</c> with its stack trace, through the app's
/// MailKit sender, at most once per <see cref="ErrorMailThrottle"/> interval. Sending happens off the logging
/// thread; a mail that cannot be sent is reported as a warning, which is never mailed, so it cannot loop.
/// </summary>
public sealed class ErrorMailLoggerProvider : ILoggerProvider
{
    private readonly Channel<ErrorReport> outbox = Channel.CreateBounded<ErrorReport>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly IReadOnlyList<string> admins;
    private readonly MailSender mail;
    private readonly ErrorMailThrottle throttle;
    private readonly TimeProvider clock;
    private readonly Lazy<ILogger> selfLog;
    private readonly Task sending;

    public ErrorMailLoggerProvider(IOptions<MicroblogOptions> options, MailSender mail, ErrorMailThrottle throttle,
        TimeProvider clock, IServiceProvider services)
    {
        admins = options.Value.Admins;
        this.mail = mail;
        this.throttle = throttle;
        this.clock = clock;
        selfLog = new(() => services.GetRequiredService<ILogger<ErrorMailLoggerProvider>>());
        sending = Task.Run(SendAllAsync);
    }

    public ILogger CreateLogger(string categoryName) => new ErrorMailLogger(this, categoryName);

    private static string Command() =>
        Environment.GetCommandLineArgs().Skip(1).FirstOrDefault() is { } first && !first.StartsWith('-') ? first : "web";

    private void Report(string category, LogLevel level, string message, Exception? exception)
    {
        if (admins.Count == 0 || !throttle.TryTake(out var unmailed))
            return;
        var body = new StringBuilder()
            // The command (web, worker, ...) but not its arguments: settings passed as arguments may hold passwords.
            .AppendLine($"{clock.GetUtcNow():u} {level} in {Command()} (pid {Environment.ProcessId}, {Environment.MachineName})")
            .AppendLine($"{category}: {message}")
            .AppendLine()
            .AppendLine(exception?.ToString() ?? "(no exception)");
        if (unmailed > 0)
            body.AppendLine().AppendLine($"{unmailed} earlier error(s) were not mailed (at most one mail per interval); see the log.");
        outbox.Writer.TryWrite(new ErrorReport($"Microblog Failure: {exception?.GetType().Name ?? level.ToString()}", body.ToString()));
    }

    private async Task SendAllAsync()
    {
        await foreach (var report in outbox.Reader.ReadAllAsync())
        {
            try
            {
                await mail.SendAsync(new MailMessageSpec(report.Subject, admins, report.Body));
            }
            catch (Exception e)
            {
                selfLog.Value.LogWarning(e, "Could not mail an error report to the admins");
            }
        }
    }

    /// <summary>Gives a report that is still going out a few seconds, so a worker that dies of an error still mails it.</summary>
    public void Dispose()
    {
        outbox.Writer.TryComplete();
        sending.Wait(TimeSpan.FromSeconds(5));
    }

    private sealed record ErrorReport(string Subject, string Body);

    private sealed class ErrorMailLogger(ErrorMailLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && category != typeof(ErrorMailLoggerProvider).FullName;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                provider.Report(category, logLevel, formatter(state, exception), exception);
        }
    }
}
