using System.Collections.Concurrent;
using System.Data.Common;
using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Microblog.IntegrationTests.Pages;

/// <summary>
/// The pages every signed-in user loads most, under load (docs/BENCHMARKS.md "Pages under load"): each runs the page's
/// own query and one for the layout (name, unread badge, task alerts), not a user lookup, a count and a list besides.
/// </summary>
public class StatementsPerPageTests(StatementsPerPageTests.Factory app) : IClassFixture<StatementsPerPageTests.Factory>
{
    public sealed class Factory : AppFactory
    {
        public StatementLog Statements { get; } = new();

        protected override void ConfigureSettings(IWebHostBuilder builder) =>
            builder.ConfigureServices(s => s.ConfigureDbContext<MicroblogDbContext>(o => o.AddInterceptors(Statements)));
    }

    /// <summary>Every SQL statement the app's contexts send, in order.</summary>
    public sealed class StatementLog : DbCommandInterceptor
    {
        public ConcurrentQueue<string> Sent { get; } = new();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Sent.Enqueue(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Sent.Enqueue(command.CommandText);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Sent.Enqueue(command.CommandText);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/explore")]
    public async Task A_page_of_posts_runs_two_statements(string path)
    {
        var (client, me) = await app.CreateClientAsync("reader");
        var author = await app.CreateUserAsync("author");
        await app.WithDbAsync(async db =>
        {
            db.Follows.Add(new Follow { FollowerId = me.Id, FollowedId = author.Id });
            db.Posts.Add(new Post { Body = "a post to show", UserId = author.Id });
            db.Messages.Add(new Message { SenderId = author.Id, RecipientId = me.Id, Body = "unread" });
            db.BackgroundTasks.Add(new BackgroundTask { Id = Guid.NewGuid().ToString(), Name = "long_task", Description = "A task to show", UserId = me.Id });
            await db.SaveChangesAsync();
        });
        // The first request of a session also writes last_seen (once a minute); the second is the steady state.
        await client.GetStringAsync(path);
        app.Statements.Sent.Clear();

        var html = await client.GetStringAsync(path);

        Assert.Contains("a post to show", html);
        Assert.Matches("id=\"message_count\"[^>]*>1<", html);
        Assert.Contains("A task to show", html);
        Assert.True(app.Statements.Sent.Count == 2, $"{path} ran {app.Statements.Sent.Count} statements:\n{string.Join("\n---\n", app.Statements.Sent)}");
    }
}
