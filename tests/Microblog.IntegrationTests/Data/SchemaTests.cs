using Microblog.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Microblog.IntegrationTests.Data;

/// <summary>FluentMigrator owns the schema and EF only maps it: this catches the two drifting apart.</summary>
public class SchemaTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Every_mapped_column_exists_in_the_migrated_database()
    {
        var columns = new HashSet<(string, string)>();
        foreach (var row in await QueryAsync("SELECT table_name || '|' || column_name FROM information_schema.columns WHERE table_schema = 'public'"))
            columns.Add((row.Split('|')[0], row.Split('|')[1]));

        var mapped = await app.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null)
            .SelectMany(e => e.GetProperties().Select(p =>
                (e.GetTableName()!, p.GetColumnName(StoreObjectIdentifier.Table(e.GetTableName()!, e.GetSchema())) ?? p.Name)))
            .ToList()));

        Assert.NotEmpty(mapped);
        Assert.All(mapped, column => Assert.Contains(column, columns));
    }

    [Fact]
    public async Task Migrating_an_up_to_date_database_again_changes_nothing()
    {
        var before = await SchemaAsync();

        Microblog.Data.DatabaseMigrator.MigrateUp(app.ConnectionString, logToConsole: false);
        var after = await SchemaAsync();

        Assert.Contains(before, line => line.StartsWith("index ix_posts_search "));
        Assert.Equal(before, after);
    }

    /// <summary>Every column (type, nullability, default, generation), index, constraint and applied migration.</summary>
    private Task<List<string>> SchemaAsync() => QueryAsync("""
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '
               || coalesce(column_default, '') || ' ' || coalesce(generation_expression, '')
        FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
                  WHERE connamespace = 'public'::regnamespace
        UNION ALL SELECT 'migration ' || "Version" || ' ' || coalesce("Description", '') FROM "VersionInfo"
        ORDER BY 1
        """);

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var c = new NpgsqlConnection(app.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }
}
