using FluentMigrator.Runner;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microblog.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Pooled contexts: a request rents one already built (its services resolved, change tracker allocated) and returns
    /// it reset, instead of constructing one per request; the contexts hold no per-request state of their own.
    /// </summary>
    public static IServiceCollection AddMicroblogData(this IServiceCollection services, string connectionString) =>
        services.AddDbContextPool<MicroblogDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
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
