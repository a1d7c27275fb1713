using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Microblog.Data;

/// <summary>microblog's <c>Post.search()</c>, on PostgreSQL's full-text search instead of Elasticsearch.</summary>
public static class PostSearch
{
    /// <summary>The text search configuration of the generated <c>posts.search</c> column (see M0012).</summary>
    public const string Config = "english";

    /// <summary>The shadow property mapping <c>posts.search</c>; the entity has no use for it.</summary>
    public const string Column = "Search";

    /// <summary>
    /// Posts matching <paramref name="terms"/> (web-search syntax: words, "a phrase", or, -word), best first, then newest.
    /// websearch_to_tsquery accepts any text without a syntax error, so user input goes to it as a parameter as is.
    /// </summary>
    public static IQueryable<Post> Matching(this IQueryable<Post> posts, string terms) =>
        posts.Where(p => EF.Property<NpgsqlTsVector>(p, Column).Matches(EF.Functions.WebSearchToTsQuery(Config, terms)))
            .OrderByDescending(p => EF.Property<NpgsqlTsVector>(p, Column).Rank(EF.Functions.WebSearchToTsQuery(Config, terms)))
            .ThenByDescending(p => p.Timestamp).ThenByDescending(p => p.Id);
}
