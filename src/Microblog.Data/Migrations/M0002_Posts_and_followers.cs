using System.Data;
using FluentMigrator;
using FluentMigrator.Postgres;

namespace Microblog.Data.Migrations;

[Migration(2, "Posts and the follower graph")]
public sealed class M0002_Posts_and_followers : Migration
{
    public override void Up()
    {
        Create.Table("posts")
            .WithColumn("id").AsInt32().NotNullable().PrimaryKey("pk_posts").Identity(PostgresGenerationType.ByDefault)
            .WithColumn("body").AsString(Post.BodyMaxLength).NotNullable()
            .WithColumn("timestamp").AsDateTimeOffset().NotNullable()
            .WithColumn("user_id").AsInt32().NotNullable()
                .ForeignKey("fk_posts_users_user_id", "users", "id").OnDelete(Rule.Cascade);
        Create.Index("ix_posts_timestamp").OnTable("posts").OnColumn("timestamp");
        Create.Index("ix_posts_user_id").OnTable("posts").OnColumn("user_id");

        Create.Table("followers")
            .WithColumn("follower_id").AsInt32().NotNullable().PrimaryKey("pk_followers")
                .ForeignKey("fk_followers_users_follower_id", "users", "id").OnDelete(Rule.Cascade)
            .WithColumn("followed_id").AsInt32().NotNullable().PrimaryKey("pk_followers")
                .ForeignKey("fk_followers_users_followed_id", "users", "id").OnDelete(Rule.Cascade);
        Create.Index("ix_followers_followed_id").OnTable("followers").OnColumn("followed_id");
    }

    public override void Down()
    {
        Delete.Table("followers");
        Delete.Table("posts");
    }
}
