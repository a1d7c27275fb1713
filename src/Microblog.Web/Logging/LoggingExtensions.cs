using System.Globalization;
using Microblog.Web.Configuration;
using Serilog;

namespace Microblog.Web.Logging;

public static class LoggingExtensions
{
    /// <summary>
    /// Error mail to the admins, and with <c>Logging:File:Path</c> set (microblog: <c>logs/microblog.log</c>) a copy
    /// of the log in a file that rolls over at 10 MB, keeping ten, as microblog's RotatingFileHandler does.
    /// </summary>
    public static WebApplicationBuilder AddMicroblogLogging(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var interval = TimeSpan.FromMinutes(1);
        if (config["Logging:ErrorMail:MinInterval"] is { Length: > 0 } text
            && (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out interval) || interval < TimeSpan.Zero))
            throw new ConfigurationException($"Malformed setting Logging:ErrorMail:MinInterval: '{text}' is not a time span like 00:01:00.");
        builder.Services.AddSingleton(sp => new ErrorMailThrottle(interval, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ILoggerProvider, ErrorMailLoggerProvider>();

        if (config["Logging:File:Path"] is { Length: > 0 } path)
        {
            var file = new LoggerConfiguration().MinimumLevel.Verbose()
                .WriteTo.File(path, fileSizeLimitBytes: 10 * 1024 * 1024, rollOnFileSizeLimit: true, retainedFileCountLimit: 10,
                    outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}")
                .CreateLogger();
            builder.Logging.AddSerilog(file, dispose: true);
        }
        return builder;
    }
}
