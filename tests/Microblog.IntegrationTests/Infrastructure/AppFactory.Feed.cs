using Microblog.Data;
using Microblog.Web;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Microblog.IntegrationTests.Infrastructure;

/// <summary>What the notification feed's tests do to the database from outside the app.</summary>
public partial class AppFactory
{
    /// <summary>A DbContext and connection of its own, outside the app's services: the way a worker process writes.</summary>
    public async Task AsWorkerAsync(Func<MicroblogDbContext, Task> write)
    {
        var options = new DbContextOptionsBuilder<MicroblogDbContext>()
            .UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options;
        await using var db = new MicroblogDbContext(options);
        await write(db);
    }

    /// <summary>The backend pid of the app's <see cref="NotificationListener"/> once it listens, else null.</summary>
    public async Task<int?> ListenerPidAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name AND query LIKE 'LISTEN%'",
            connection);
        command.Parameters.AddWithValue("name", NotificationListener.ApplicationName);
        return await command.ExecuteScalarAsync() as int?;
    }
}
