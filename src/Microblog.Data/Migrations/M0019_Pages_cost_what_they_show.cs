using FluentMigrator;

namespace Microblog.Data.Migrations;

[Migration(19, "The timeline as a SQL function EF can compose, and /explore's order as one index")]
public sealed class M0019_Pages_cost_what_they_show : Migration
{
    public override void Up()
    {
        // /explore orders by (timestamp, id). On timestamp alone the scan had to read and sort every post sharing the
        // page's last timestamp (a bulk import writes thousands with one), joining each one's author first.
        Create.Index("ix_posts_timestamp_id").OnTable("posts")
            .OnColumn("timestamp").Ascending()
            .OnColumn("id").Ascending();
        Delete.Index("ix_posts_timestamp").OnTable("posts");

        // microblog's followed_posts(), one backward index range per author (see Queries.FollowedBy). A function rather
        // than EF's FromSql: EF regenerates a FromSql query's SQL on every run under a lock that concurrent requests
        // queue on, while a mapped function is ordinary LINQ whose SQL is cached. LANGUAGE sql, STABLE and not STRICT,
        // so PostgreSQL inlines it into the caller's plan (no function call, the same index ranges).
        Execute.Sql("""
            CREATE FUNCTION followed_posts(reader integer, newest integer) RETURNS SETOF posts
            LANGUAGE sql STABLE AS $$
                SELECT p.*
                FROM (
                    SELECT l.id
                    FROM (SELECT followed_id AS author FROM followers WHERE follower_id = reader UNION SELECT reader) AS a
                    CROSS JOIN LATERAL (
                        SELECT id, timestamp FROM posts WHERE user_id = a.author ORDER BY timestamp DESC, id DESC LIMIT newest) AS l
                    ORDER BY l.timestamp DESC, l.id DESC
                    LIMIT newest) AS n
                JOIN posts AS p ON p.id = n.id
            $$
            """);
    }

    public override void Down()
    {
        Execute.Sql("DROP FUNCTION followed_posts(integer, integer)");
        Create.Index("ix_posts_timestamp").OnTable("posts").OnColumn("timestamp").Ascending();
        Delete.Index("ix_posts_timestamp_id").OnTable("posts");
    }
}
