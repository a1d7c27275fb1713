using FluentMigrator;

namespace Microblog.Data.Migrations;

[Migration(12, "Full-text search over posts: a generated tsvector column and its GIN index")]
public sealed class M0012_Post_search : Migration
{
    // 'english' rather than 'simple': the app's posts and pages are English, and stemming plus stop words is what
    // a search box is expected to do ("running" finds "run"; "the" matches nothing instead of everything).
    // The column is generated, so every writer of posts keeps it right without knowing it exists.
    public override void Up()
    {
        Execute.Sql($"ALTER TABLE posts ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('{PostSearch.Config}', body)) STORED");
        Execute.Sql("CREATE INDEX ix_posts_search ON posts USING GIN (search)");
    }

    public override void Down()
    {
        Delete.Index("ix_posts_search").OnTable("posts");
        Delete.Column("search").FromTable("posts");
    }
}
