using System.Data.Common;
using FluentMigrator.Runner;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Microblog.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Pooled contexts: a request rents one already built (its services resolved, change tracker allocated) and returns
    /// it reset, instead of constructing one per request; the contexts hold no per-request state of their own.
    /// </summary>
    public static IServiceCollection AddMicroblogData(this IServiceCollection services, string connectionString) =>
        services.AddDbContextPool<MicroblogDbContext>(o =>
            o.UseNpgsql(WithPreparedStatements(connectionString)).UseSnakeCaseNamingConvention());

    /// <summary>Statements Npgsql keeps prepared per connection unless the connection string says otherwise.</summary>
    public const int MaxAutoPrepare = 50;

    /// <summary>
    /// Turns on Npgsql's automatic preparation unless the connection string sets <c>Max Auto Prepare</c> itself (0
    /// turns it off, e.g. behind a PgBouncer in transaction mode without <c>max_prepared_statements</c>). Every page runs the same few
    /// statements, and parsing and planning the timeline's (an inlined SQL function) cost PostgreSQL more than
    /// running it: preparing it doubled `/` under load (docs/BENCHMARKS.md, "Pages under load").
    /// </summary>
    public static string WithPreparedStatements(string connectionString)
    {
        if (new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => k.Replace(" ", "").Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = MaxAutoPrepare }.ConnectionString;
    }
}

/// <summary>Applies the FluentMigrator migrations; the schema's only owner. Idempotent (VersionInfo records what ran).</summary>
public static class DatabaseMigrator
{
    public static void MigrateUp(string connectionString, bool logToConsole = true)
    {
        var services = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(rb => rb.AddPostgres15_0()
                .WithGlobalConnectionString(connectionString)
                .ScanIn(typeof(DatabaseMigrator).Assembly).For.Migrations())
            .AddLogging(lb =>
            {
                if (logToConsole) lb.AddFluentMigratorConsole();
            });
        using var provider = services.BuildServiceProvider(validateScopes: false);
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<IMigrationRunner>().MigrateUp();
    }
}
