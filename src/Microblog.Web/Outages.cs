using Microblog.Tasks.Queue;
using Npgsql;
using StackExchange.Redis;

namespace Microblog.Web;

/// <summary>
/// Tells a dependency that is down (PostgreSQL, Redis) from a bug, so the error page can answer 503 "try again
/// shortly" instead of 500. EF Core and the queue wrap the driver's exception, so inner exceptions count too.
/// </summary>
public static class Outages
{
    /// <summary>
    /// What is unreachable, in words for the user ("the database", a key of the shared resources); null when
    /// <paramref name="e"/> is no outage.
    /// </summary>
    public static string? Describe(Exception? e) => e switch
    {
        null => null,
        JobQueueUnavailableException or RedisConnectionException or RedisTimeoutException => "the job queue",
        // Connection-level failures only: a PostgresException is the server answering (a constraint, a bad query),
        // except for the codes that mean it cannot serve this app (08 connection, 57P shutdown, 53 out of
        // resources, 3D000 the database is gone).
        PostgresException p => p.SqlState.StartsWith("08") || p.SqlState.StartsWith("57P") || p.SqlState.StartsWith("53")
            || p.SqlState == "3D000" ? "the database" : null,
        NpgsqlException => "the database",
        AggregateException a => a.InnerExceptions.Select(Describe).FirstOrDefault(d => d is not null),
        _ => Describe(e.InnerException),
    };
}
