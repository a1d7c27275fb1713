using FluentMigrator;

namespace Microblog.Data.Migrations;

[Migration(15, "Drop ix_posts_user_id: ix_posts_user_id_timestamp_id serves every lookup by user_id")]
public sealed class M0015_Drop_redundant_posts_user_id_index : Migration
{
    // (user_id, timestamp, id) answers user_id lookups and the foreign key's cascade as well; the narrower index
    // only cost a second write on every post.
    public override void Up() => Delete.Index("ix_posts_user_id").OnTable("posts");

    public override void Down() => Create.Index("ix_posts_user_id").OnTable("posts").OnColumn("user_id");
}
