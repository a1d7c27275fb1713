using FluentMigrator;

namespace Microblog.Data.Migrations;

[Migration(20, "The timeline reads each author's posts only down to a lower bound of the page's last one")]
public sealed class M0020_Timeline_reads_from_a_lower_bound : Migration
{
    public override void Up()
    {
        // M0019 read the newest `newest` posts of every author: 101 authors × 26 = 2,626 index entries for a page of 26,
        // and 1,001 × 1,251 for page 50 of a user following 1,000. A first pass now finds a lower bound of the page's
        // last post: each author's m newest posts, m = ceil(newest / authors), are at least `newest` candidates when the
        // authors have that many; the newest-th of them, (timestamp, id) as the page orders, has `newest` posts at or
        // above it, so the page's last post is at or above it too. Only authors with a candidate at or above the bound
        // can have a post there, and their ranges stop at it. For authors posting at similar rates that is about
        // `newest` entries plus one descent per author. With fewer candidates than `newest` (authors with few posts)
        // there is no bound and the ranges are M0019's. Still one SELECT, LANGUAGE sql, STABLE and not STRICT, so
        // PostgreSQL inlines it (its CTEs are planned with the caller's query).
        Execute.Sql("""
            CREATE OR REPLACE FUNCTION followed_posts(reader integer, newest integer) RETURNS SETOF posts
            LANGUAGE sql STABLE AS $$
                WITH authors AS (
                    SELECT followed_id AS author FROM followers WHERE follower_id = reader UNION SELECT reader),
                candidates AS (
                    SELECT a.author, c.timestamp, c.id
                    FROM authors AS a
                    CROSS JOIN LATERAL (
                        SELECT timestamp, id FROM posts WHERE user_id = a.author ORDER BY timestamp DESC, id DESC
                        LIMIT (SELECT ceil(newest::numeric / count(*)) FROM authors)) AS c),
                bound AS (
                    SELECT coalesce(max(timestamp), '-infinity') AS timestamp, coalesce(max(id), -2147483648) AS id
                    FROM (SELECT timestamp, id FROM candidates ORDER BY timestamp DESC, id DESC
                          OFFSET greatest(newest - 1, 0) LIMIT 1) AS t)
                SELECT p.*
                FROM (
                    SELECT l.id
                    FROM (SELECT DISTINCT c.author FROM candidates AS c, bound AS b
                          WHERE (c.timestamp, c.id) >= (b.timestamp, b.id)) AS a
                    CROSS JOIN bound AS b
                    CROSS JOIN LATERAL (
                        SELECT id, timestamp FROM posts
                        WHERE user_id = a.author AND (timestamp, id) >= (b.timestamp, b.id)
                        ORDER BY timestamp DESC, id DESC LIMIT newest) AS l
                    ORDER BY l.timestamp DESC, l.id DESC
                    LIMIT newest) AS n
                JOIN posts AS p ON p.id = n.id
            $$
            """);
    }

    public override void Down()
    {
        Execute.Sql("""
            CREATE OR REPLACE FUNCTION followed_posts(reader integer, newest integer) RETURNS SETOF posts
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
}
