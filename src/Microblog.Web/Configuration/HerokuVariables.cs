namespace Microblog.Web.Configuration;

/// <summary>
/// The environment variables a Heroku-style platform sets (and microblog's config.py reads), as the app's own
/// configuration keys. They are added as the last configuration source, so they win over appsettings,
/// <c>Section__Key</c> variables and the command line.
/// </summary>
public static class HerokuVariables
{
    private static readonly (string Variable, string Key)[] Map =
    [
        ("DATABASE_URL", "ConnectionStrings:Microblog"),
        ("REDIS_URL", "ConnectionStrings:Redis"),
        ("REDIS_SKIP_TLS_VERIFY", "Redis:SkipTlsVerify"),
        ("MAIL_SERVER", "Mail:Server"),
        ("MAIL_PORT", "Mail:Port"),
        ("MAIL_USE_TLS", "Mail:UseTls"),
        ("MAIL_USERNAME", "Mail:Username"),
        ("MAIL_PASSWORD", "Mail:Password"),
        ("MAIL_SENDER", "Mail:Sender"),
        ("ADMINS", "Microblog:Admins"),
        ("TASK_QUEUE", "Microblog:TaskQueue"),
        ("EXPORT_ATTACHMENT_LIMIT", "Export:AttachmentLimit"),
        ("EXPORT_MAIL_LIMIT", "Export:MailLimit"),
        ("APP_URL", "Microblog:AppUrl"),
        ("TRUSTED_PROXIES", "Microblog:TrustedProxies"),
    ];

    /// <summary>The variable a key came from, to name it in error messages.</summary>
    public static string SourceOf(IConfiguration config, string key) =>
        Map.FirstOrDefault(m => m.Key == key && !string.IsNullOrEmpty(config[m.Variable])).Variable ?? key;

    public static Dictionary<string, string?> Translate(IConfiguration config)
    {
        var result = new Dictionary<string, string?>();
        foreach (var (variable, key) in Map)
        {
            var value = config[variable];
            if (!string.IsNullOrEmpty(value))
                result[key] = value;
        }

        var port = config["PORT"];
        if (!string.IsNullOrEmpty(port))
        {
            if (!int.TryParse(port, out var p) || p is < 1 or > 65535)
                throw new ConfigurationException($"PORT must be a port number (1-65535), got '{port}'");
            result["urls"] = $"http://0.0.0.0:{p}";
        }
        return result;
    }
}
