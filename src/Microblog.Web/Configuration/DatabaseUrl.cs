using Npgsql;

namespace Microblog.Web.Configuration;

/// <summary>
/// Heroku's <c>postgres://user:pw@host:port/db[?sslmode=require][&amp;max_auto_prepare=0]</c>, which Npgsql does not
/// accept, as an Npgsql connection string.
/// </summary>
public static class DatabaseUrl
{
    public static bool IsUrl(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
        value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="FormatException">Not a postgres:// URL with a host and a database name.</exception>
    public static string ToConnectionString(string url)
    {
        if (!IsUrl(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new FormatException("expected postgres://user:password@host:port/database");
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
            throw new FormatException("the URL names no database");

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length == 2)
            builder.Password = Uri.UnescapeDataString(userInfo[1]);

        foreach (var (key, value) in ParseQuery(uri.Query))
        {
            if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase))
            {
                if (!Enum.TryParse<SslMode>(value.Replace("-", ""), ignoreCase: true, out var mode))
                    throw new FormatException($"unknown sslmode '{value}'");
                builder.SslMode = mode;
            }
            // On Heroku DATABASE_URL wins over every other database setting, so it is where preparation is turned off
            // (Microblog.Data.DataServiceCollectionExtensions.WithPreparedStatements).
            else if (key.Equals("max_auto_prepare", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var statements))
                    throw new FormatException($"max_auto_prepare must be a whole number, got '{value}'");
                builder.MaxAutoPrepare = statements;
            }
        }
        return builder.ConnectionString;
    }

    internal static IEnumerable<(string Key, string Value)> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(kv => (Uri.UnescapeDataString(kv[0]), kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : ""));
}
