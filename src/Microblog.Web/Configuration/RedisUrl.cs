using StackExchange.Redis;

namespace Microblog.Web.Configuration;

/// <summary>
/// <c>redis://[user:password@]host[:port][/db]</c> and <c>rediss://</c> (TLS) as StackExchange.Redis options.
/// StackExchange.Redis does not understand these URLs and mis-parses them silently, so they are translated here.
/// </summary>
public static class RedisUrl
{
    public static bool IsUrl(string value) =>
        value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) ||
        value.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase);

    /// <summary>A redis:// URL or a StackExchange.Redis configuration string (<c>host:port,password=...</c>).</summary>
    /// <exception cref="FormatException">Malformed.</exception>
    public static ConfigurationOptions Parse(string value, bool skipTlsVerify = false)
    {
        ConfigurationOptions options;
        if (IsUrl(value))
        {
            options = FromUrl(value);
        }
        else
        {
            try { options = ConfigurationOptions.Parse(value); }
            catch (ArgumentException e) { throw new FormatException(e.Message, e); }
            if (options.EndPoints.Count == 0)
                throw new FormatException("expected host:port or a redis:// URL");
        }

        // Connect in the background and keep retrying: a Redis restart must not take the web app down.
        options.AbortOnConnectFail = false;
        if (skipTlsVerify && options.Ssl)
            options.CertificateValidation += (_, _, _, _) => true;
        return options;
    }

    private static ConfigurationOptions FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new FormatException("expected redis://[user:password@]host[:port][/db]");
        var tls = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase);
        var options = new ConfigurationOptions { Ssl = tls };
        if (tls)
            options.SslHost = uri.Host;
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);

        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo.Length == 2)
        {
            if (userInfo[0].Length > 0)
                options.User = Uri.UnescapeDataString(userInfo[0]);
            options.Password = Uri.UnescapeDataString(userInfo[1]);
        }
        else if (userInfo[0].Length > 0)
        {
            // redis://password@host is how some providers write a password-only URL.
            options.Password = Uri.UnescapeDataString(userInfo[0]);
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, out var db) || db < 0)
                throw new FormatException($"database '{path}' is not a number");
            options.DefaultDatabase = db;
        }
        return options;
    }
}
