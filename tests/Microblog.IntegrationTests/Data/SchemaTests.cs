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
        await using (var c = new NpgsqlConnection(app.ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'", c);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        var mapped = await app.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null)
            .SelectMany(e => e.GetProperties().Select(p =>
                (e.GetTableName()!, p.GetColumnName(StoreObjectIdentifier.Table(e.GetTableName()!, e.GetSchema())) ?? p.Name)))
            .ToList()));

        Assert.NotEmpty(mapped);
        Assert.All(mapped, column => Assert.Contains(column, columns));
    }

    [Fact]
    public void Migrating_an_up_to_date_database_again_changes_nothing()
    {
        var exception = Record.Exception(() => Microblog.Data.DatabaseMigrator.MigrateUp(app.ConnectionString, logToConsole: false));

        Assert.Null(exception);
    }
}
