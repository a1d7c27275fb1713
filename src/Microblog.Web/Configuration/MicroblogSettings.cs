using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microblog.Tasks.Mail;
using StackExchange.Redis;

namespace Microblog.Web.Configuration;

/// <summary>Every setting the app needs, read and checked once at start-up.</summary>
public sealed record MicroblogSettings(
    string Database,
    ConfigurationOptions Redis,
    MailOptions Mail,
    MicroblogOptions Microblog)
{
    /// <summary>Adds the translated Heroku variables on top of <paramref name="config"/>, then reads everything.</summary>
    /// <param name="production">Production needs settings that have a development default elsewhere (<c>APP_URL</c>).</param>
    /// <exception cref="ConfigurationException">A required setting is missing or malformed; the message names it.</exception>
    public static MicroblogSettings Load(IConfigurationManager config, bool production = false)
    {
        config.AddInMemoryCollection(HerokuVariables.Translate(config));
        return Read(config, production);
    }

    public static MicroblogSettings Read(IConfiguration config, bool production = false) => new(
        ReadDatabase(config), ReadRedis(config), ReadMail(config), ReadMicroblog(config, production));

    private static string ReadDatabase(IConfiguration config)
    {
        const string key = "ConnectionStrings:Microblog";
        var value = Required(config, key, "DATABASE_URL");
        try
        {
            if (DatabaseUrl.IsUrl(value) || !string.IsNullOrEmpty(config["DATABASE_URL"]))
                return DatabaseUrl.ToConnectionString(value);
            return new Npgsql.NpgsqlConnectionStringBuilder(value).ConnectionString;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw Malformed(config, key, e.Message);
        }
    }

    private static ConfigurationOptions ReadRedis(IConfiguration config)
    {
        const string key = "ConnectionStrings:Redis";
        var value = Required(config, key, "REDIS_URL");
        var skipTlsVerify = Bool(config, "Redis:SkipTlsVerify") ?? false;
        try { return RedisUrl.Parse(value, skipTlsVerify); }
        catch (FormatException e) { throw Malformed(config, key, e.Message); }
    }

    private static MailOptions ReadMail(IConfiguration config)
    {
        var mail = new MailOptions
        {
            Server = Required(config, "Mail:Server", "MAIL_SERVER"),
            UseTls = Bool(config, "Mail:UseTls") ?? false,
            Username = NullIfEmpty(config["Mail:Username"]),
            Password = NullIfEmpty(config["Mail:Password"]),
            Sender = Required(config, "Mail:Sender", "MAIL_SENDER"),
        };
        var port = config["Mail:Port"];
        if (!string.IsNullOrEmpty(port))
        {
            if (!int.TryParse(port, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
                throw Malformed(config, "Mail:Port", $"'{port}' is not a port number");
            mail.Port = p;
        }
        if (!MimeKit.MailboxAddress.TryParse(mail.Sender, out _))
            throw Malformed(config, "Mail:Sender", $"'{mail.Sender}' is not an email address");
        return mail;
    }

    private static MicroblogOptions ReadMicroblog(IConfiguration config, bool production)
    {
        var section = config.GetSection(MicroblogOptions.Section);
        var admins = section["Admins"] is { Length: > 0 } csv
            ? csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetSection("Admins").Get<string[]>() ?? [];
        var poll = section["NotificationPollSeconds"];
        double pollSeconds = 10;
        if (!string.IsNullOrEmpty(poll) &&
            (!double.TryParse(poll, CultureInfo.InvariantCulture, out pollSeconds) || pollSeconds <= 0))
            throw Malformed(config, "Microblog:NotificationPollSeconds", $"'{poll}' is not a positive number");
        var wait = section["NotificationWaitSeconds"];
        double waitSeconds = 25;
        if (!string.IsNullOrEmpty(wait) &&
            (!double.TryParse(wait, CultureInfo.InvariantCulture, out waitSeconds)
             || waitSeconds < 0 || waitSeconds > Endpoints.NotificationsEndpoints.MaxWaitSeconds))
            throw Malformed(config, "Microblog:NotificationWaitSeconds",
                $"'{wait}' is not a number of seconds from 0 to {Endpoints.NotificationsEndpoints.MaxWaitSeconds}");
        return new MicroblogOptions
        {
            Admins = admins,
            TaskQueue = NullIfEmpty(section["TaskQueue"]) ?? "microblog-tasks",
            NotificationPollSeconds = pollSeconds,
            NotificationWaitSeconds = waitSeconds,
            AppUrl = ReadAppUrl(config, production),
            TrustedProxies = ReadTrustedProxies(config),
        };
    }

    private static Uri ReadAppUrl(IConfiguration config, bool production)
    {
        const string key = "Microblog:AppUrl";
        var value = production ? Required(config, key, "APP_URL") : NullIfEmpty(config[key]) ?? MicroblogOptions.DevelopmentAppUrl;
        if (!Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            || url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
            throw Malformed(config, key, $"'{value}' is not an http(s) base URL such as https://microblog.example.com");
        return url;
    }

    private static IReadOnlyList<IPNetwork>? ReadTrustedProxies(IConfiguration config)
    {
        const string key = "Microblog:TrustedProxies";
        // Heroku's router is the only way into a dyno and its addresses are not published: trust whoever forwards.
        var value = NullIfEmpty(config[key]) ?? (string.IsNullOrEmpty(config["DYNO"]) ? null : "*");
        if (value is null)
            return [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];
        if (value.Trim() == "*")
            return null;
        var networks = new List<IPNetwork>();
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(item, out var network))
                networks.Add(network);
            else if (IPAddress.TryParse(item, out var address))
                networks.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            else
                throw Malformed(config, key, $"'{item}' is not an IP address or a CIDR range such as 172.16.0.0/12");
        }
        return networks;
    }

    private static string Required(IConfiguration config, string key, string variable) =>
        NullIfEmpty(config[key]) ?? throw new ConfigurationException(
            $"Missing setting {key} (or environment variable {variable}).");

    private static bool? Bool(IConfiguration config, string key)
    {
        var value = config[key];
        if (string.IsNullOrEmpty(value))
            return null;
        return value.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw Malformed(config, key, $"'{value}' is not true or false"),
        };
    }

    private static ConfigurationException Malformed(IConfiguration config, string key, string problem) =>
        new($"Malformed setting {HerokuVariables.SourceOf(config, key)}: {problem.TrimEnd('.')}.");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
