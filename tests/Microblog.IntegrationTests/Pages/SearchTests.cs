using System.Net;
using System.Text.RegularExpressions;
using Microblog.Data;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.IntegrationTests.Pages;

public partial class SearchTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Posts_using_the_words_more_often_rank_first()
    {
        var word = UniqueWord();
        var (client, me) = await app.CreateClientAsync();
        await AddPostsAsync(me.Id, $"once {word} here", $"{word} {word} {word} thrice", "nothing to see");

        var page = await client.GetStringAsync($"/search?q={word}");

        var bodies = PostBodies(page);
        Assert.Equal([$"{word} {word} {word} thrice", $"once {word} here"], bodies);
    }

    [Fact]
    public async Task Search_stems_english_words_and_finds_the_users_own_posts()
    {
        var word = UniqueWord();
        var (client, me) = await app.CreateClientAsync();
        var other = await app.CreateUserAsync();
        await AddPostsAsync(me.Id, $"my {word} post about running");
        await AddPostsAsync(other.Id, $"their {word} post about a run");

        var page = await client.GetStringAsync($"/search?q={word}+runs");

        Assert.Equal(2, PostBodies(page).Count);
        Assert.Contains($"my {word} post about running", page);
    }

    [Fact]
    public async Task Results_are_paginated_with_the_query_kept_in_the_links()
    {
        var word = UniqueWord();
        var (client, me) = await app.CreateClientAsync();
        await AddPostsAsync(me.Id, Enumerable.Range(1, 27).Select(i => $"{word} number {i}").ToArray());

        var first = await client.GetStringAsync($"/search?q={word}");
        var second = await client.GetStringAsync($"/search?q={word}&page=2");

        Assert.Equal(25, PostBodies(first).Count);
        Assert.Contains($"href=\"/search?q={word}&amp;page=2\"", first);
        Assert.Equal(2, PostBodies(second).Count);
        Assert.DoesNotContain("id=\"older\" href=\"/search", second);
    }

    [Theory]
    [InlineData("'; DROP TABLE posts; --")]
    [InlineData("\" OR 1=1 --")]
    [InlineData("a & | ! ( ) :* <-> \\")]
    [InlineData("%00\u0000nul")]
    public async Task Sql_looking_or_operator_input_is_searched_as_text(string q)
    {
        var (client, me) = await app.CreateClientAsync();
        await AddPostsAsync(me.Id, "still here after the search");

        var response = await client.GetAsync($"/search?q={Uri.EscapeDataString(q)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await app.WithDbAsync(db => Task.FromResult(db.Posts.Any())));
    }

    [Fact]
    public async Task An_empty_query_shows_the_form_and_no_posts()
    {
        var (client, me) = await app.CreateClientAsync();
        await AddPostsAsync(me.Id, "a post that an empty search must not list");

        var page = await client.GetStringAsync("/search?q=+");

        Assert.Contains("id=\"search-hint\"", page);
        Assert.Empty(PostBodies(page));
    }

    [Fact]
    public async Task A_query_longer_than_the_limit_is_a_bad_request()
    {
        var (client, _) = await app.CreateClientAsync();

        var response = await client.GetAsync($"/search?q={new string('a', 300)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_navbar_has_a_search_box()
    {
        var (client, _) = await app.CreateClientAsync();

        var page = await client.GetStringAsync("/index");

        Assert.Matches("<form[^>]*action=\"/search\"", page);
        Assert.Contains("id=\"navbar-search\"", page);
    }

    /// <summary>Letters only, so the text search parser keeps it one plain word.</summary>
    private static string UniqueWord() =>
        "zq" + new string(Guid.NewGuid().ToString("N")[..10].Select(c => char.IsDigit(c) ? (char)('g' + c - '0') : c).ToArray());

    private Task AddPostsAsync(int userId, params string[] bodies) => app.WithDbAsync(async db =>
    {
        var at = DateTime.UtcNow;
        db.Posts.AddRange(bodies.Select((b, i) => new Post { Body = b, UserId = userId, Timestamp = at.AddSeconds(-i) }));
        await db.SaveChangesAsync();
    });

    private static List<string> PostBodies(string page) =>
        PostBody().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex("<div class=\"post-body\">([^<]*)</div>")]
    private static partial Regex PostBody();
}
