using FluentMigrator;

namespace Microblog.Data.Migrations;

[Migration(6, "Index for reading one user's posts oldest first (export)")]
public sealed class M0006_Posts_by_user_oldest_first : Migration
{
    // The export pages through a user's posts by (timestamp, id); with this index each page is one range scan,
    // and the profile's newest-first listing reads the same index backwards.
    public override void Up() =>
        Create.Index("ix_posts_user_id_timestamp_id").OnTable("posts")
            .OnColumn("user_id").Ascending()
            .OnColumn("timestamp").Ascending()
            .OnColumn("id").Ascending();

    public override void Down() => Delete.Index("ix_posts_user_id_timestamp_id").OnTable("posts");
}
