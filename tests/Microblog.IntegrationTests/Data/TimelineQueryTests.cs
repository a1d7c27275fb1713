using System.Text.Json;
using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Microblog.IntegrationTests.Data;

/// <summary>The home timeline's query: microblog's order and pages, at a cost bounded by the page, not the table.</summary>
public class TimelineQueryTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const int PageSize = 25;

    [Theory]
    [InlineData(0, 1)]
    [InlineData(10, 1)]
    [InlineData(100, 1)]
    [InlineData(100, 5)]
    public async Task A_page_reads_about_what_it_shows_however_many_posts_the_table_holds(int follows, int page)
    {
        var me = await app.CreateUserAsync("reader");
        var authors = await SeedAuthorsAsync(count: 300, postsEach: 400);
        await RunSqlAsync(
            "INSERT INTO posts (body, timestamp, user_id) VALUES ('mine 1', now() - interval '1 year', @me), ('mine 2', now() - interval '2 years', @me);" +
            "INSERT INTO followers (follower_id, followed_id) SELECT @me, unnest(@followed);" +
            "ANALYZE posts; ANALYZE followers; ANALYZE users;",
            ("me", me.Id), ("followed", authors.Take(follows).ToArray()));
        var newest = page * PageSize + 1;

        var plan = await app.WithDbAsync(db => ExplainAnalyzeAsync(db, db.FollowedBy(me.Id, newest)
            .Include(p => p.Author).AsNoTracking().Skip(newest - PageSize - 1).Take(PageSize + 1)));
        var postScans = Nodes(plan).Where(n => n.TryGetProperty("Relation Name", out var r) && r.GetString() == "posts").ToList();
        double RowsRead(string index) => postScans.Where(n => n.TryGetProperty("Index Name", out var i) && i.GetString() == index)
            .Sum(n => n.GetProperty("Actual Rows").GetDouble() * n.GetProperty("Actual Loops").GetDouble());

        // These authors post at one rate, so the bound sits just below the page's last post: each author's share of
        // `newest` to find it, then `newest` posts and at most one more per author down to it. Without the bound
        // (M0019) every author's `newest` posts were read: 101 × 26 = 2,626 entries for the first page.
        var authorsRead = follows + 1;
        var share = (newest + authorsRead - 1) / authorsRead;
        Assert.NotEmpty(postScans);
        Assert.All(postScans, n => Assert.Contains(n.GetProperty("Index Name").GetString(), new[] { "ix_posts_user_id_timestamp_id", "pk_posts" }));
        Assert.True(RowsRead("ix_posts_user_id_timestamp_id") <= authorsRead * share + newest + authorsRead, $"too many index entries read: {plan}");
        Assert.True(RowsRead("pk_posts") <= newest, $"more posts fetched than the page needs: {plan}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Pages_hold_the_same_posts_as_microblogs_filter_on_random_follow_graphs(int seed)
    {
        var random = new Random(seed);
        var me = await app.CreateUserAsync("reader");
        var authors = await SeedAuthorsAsync(count: 40, postsEach: 0);
        // Rates from silent to prolific, so the bound's candidates come unevenly from each author; timestamps from a
        // few hours only, so many posts share one and the order rests on the id tie-break.
        var posters = authors.Append(me.Id).SelectMany(a => Enumerable.Repeat(a, random.Next(0, 3) == 0 ? 0 : random.Next(1, 60))).ToArray();
        var minutes = posters.Select(_ => random.Next(0, 240)).ToArray();
        var followed = authors.Where(_ => random.Next(0, 4) == 0).ToArray();
        await RunSqlAsync(
            "INSERT INTO posts (body, timestamp, user_id) SELECT 'post', timestamp '2026-01-01' + m * interval '1 minute', a FROM unnest(@posters, @minutes) AS t(a, m);" +
            "INSERT INTO followers (follower_id, followed_id) SELECT @me, unnest(@followed);",
            ("posters", posters), ("minutes", minutes), ("me", me.Id), ("followed", followed));

        foreach (var size in new[] { 1, 3, 7, 25 })
        {
            var pages = await app.WithDbAsync(async db =>
            {
                var result = new List<(List<int> Ours, List<int> Microblogs)>();
                for (var page = 1; ; page++)
                {
                    var ours = await db.FollowedBy(me.Id, page * size + 1).Skip((page - 1) * size).Take(size + 1).Select(p => p.Id).ToListAsync();
                    var microblogs = await db.Posts
                        .Where(p => p.UserId == me.Id || p.Author.Followers.Any(f => f.FollowerId == me.Id))
                        .NewestFirst().Skip((page - 1) * size).Take(size + 1).Select(p => p.Id).ToListAsync();
                    result.Add((ours, microblogs));
                    if (microblogs.Count <= size)
                        return result;
                }
            });
            Assert.All(pages, p => Assert.Equal(p.Microblogs, p.Ours));
        }
    }

    [Fact]
    public async Task Pages_hold_the_same_posts_as_microblogs_followed_posts_filter()
    {
        var me = await app.CreateUserAsync("reader");
        var followed = await SeedAuthorsAsync(count: 3, postsEach: 7);
        var strangers = await SeedAuthorsAsync(count: 2, postsEach: 7);
        // Timestamps repeat (every 3rd post shares one), so the id tie-break is exercised across page edges.
        await RunSqlAsync(
            "INSERT INTO posts (body, timestamp, user_id) SELECT 'mine', timestamp '2026-01-01' + (g / 3) * interval '1 minute', @me FROM generate_series(1, 9) g;" +
            "INSERT INTO followers (follower_id, followed_id) SELECT @me, unnest(@followed);",
            ("me", me.Id), ("followed", followed));
        const int size = 4;

        var pages = await app.WithDbAsync(async db =>
        {
            var result = new List<(List<int> Ours, List<int> Microblogs)>();
            for (var page = 1; page <= 10; page++)
            {
                var ours = await db.FollowedBy(me.Id, page * size + 1).Skip((page - 1) * size).Take(size + 1).Select(p => p.Id).ToListAsync();
                var microblogs = await db.Posts
                    .Where(p => p.UserId == me.Id || p.Author.Followers.Any(f => f.FollowerId == me.Id))
                    .OrderByDescending(p => p.Timestamp).ThenByDescending(p => p.Id)
                    .Skip((page - 1) * size).Take(size + 1).Select(p => p.Id).ToListAsync();
                result.Add((ours, microblogs));
            }
            return result;
        });

        Assert.Equal(30, pages.Sum(p => p.Microblogs.Take(size).Count()));
        Assert.All(pages, p => Assert.Equal(p.Microblogs, p.Ours));
        Assert.DoesNotContain(strangers[0], await app.WithDbAsync(db => db.FollowedBy(me.Id, 100).Select(p => p.UserId).ToListAsync()));
    }

    /// <summary>Users written in bulk, each with posts spread over the past year; returns their ids.</summary>
    private async Task<int[]> SeedAuthorsAsync(int count, int postsEach)
    {
        var tag = AppFactory.Unique("bulk");
        await RunSqlAsync(
            """
            INSERT INTO users (user_name, normalized_user_name, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            SELECT @tag || g, upper(@tag || g), false, false, false, false, 0 FROM generate_series(1, @count) g;
            INSERT INTO posts (body, timestamp, user_id)
            SELECT 'post ' || g, timestamp '2026-01-01' - g * interval '1 minute' + (u.id % 60) * interval '1 second', u.id
            FROM users u, generate_series(1, @posts) g WHERE u.user_name LIKE @tag || '%';
            """,
            ("tag", tag), ("count", count), ("posts", postsEach));
        return await app.WithDbAsync(db => db.Users.Where(u => u.UserName!.StartsWith(tag)).OrderBy(u => u.Id).Select(u => u.Id).ToArrayAsync());
    }

    private async Task RunSqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var c = new NpgsqlConnection(app.ConnectionString);
        await c.OpenAsync();
        await using var batch = new NpgsqlCommand(sql, c);
        foreach (var (name, value) in parameters)
            batch.Parameters.AddWithValue(name, value);
        await batch.ExecuteNonQueryAsync();
    }

    private static async Task<string> ExplainAnalyzeAsync<T>(MicroblogDbContext db, IQueryable<T> query)
    {
        await db.Database.OpenConnectionAsync();
        await using var cmd = query.CreateDbCommand();
        cmd.CommandText = "EXPLAIN (ANALYZE, FORMAT JSON) " + cmd.CommandText;
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private static IEnumerable<JsonElement> Nodes(string planJson)
    {
        var stack = new Stack<JsonElement>([JsonDocument.Parse(planJson).RootElement[0].GetProperty("Plan")]);
        while (stack.TryPop(out var node))
        {
            yield return node;
            if (node.TryGetProperty("Plans", out var children))
                foreach (var child in children.EnumerateArray())
                    stack.Push(child);
        }
    }
}
