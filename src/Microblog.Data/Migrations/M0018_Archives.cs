using System.Data;
using FluentMigrator;

namespace Microblog.Data.Migrations;

[Migration(18, "Archives too large to mail, kept in chunks until they expire")]
public sealed class M0018_Archives : Migration
{
    public override void Up()
    {
        Create.Table("archives")
            .WithColumn("id").AsGuid().NotNullable().PrimaryKey("pk_archives")
            .WithColumn("user_id").AsInt32().NotNullable()
                .ForeignKey("fk_archives_users_user_id", "users", "id").OnDelete(Rule.Cascade)
            .WithColumn("task_id").AsString(36).NotNullable()
            .WithColumn("file_name").AsString(128).NotNullable()
            .WithColumn("content_type").AsString(128).NotNullable()
            .WithColumn("size").AsInt64().NotNullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable()
            .WithColumn("expires_at").AsDateTimeOffset().NotNullable();
        // One archive per task: a retried export replaces its own, never adds a second.
        Create.Index("ux_archives_task_id").OnTable("archives").OnColumn("task_id").Unique();
        Create.Index("ix_archives_user_id").OnTable("archives").OnColumn("user_id");
        // The worker's expiry sweep.
        Create.Index("ix_archives_expires_at").OnTable("archives").OnColumn("expires_at");

        Create.Table("archive_chunks")
            .WithColumn("archive_id").AsGuid().NotNullable().PrimaryKey("pk_archive_chunks")
                .ForeignKey("fk_archive_chunks_archives_archive_id", "archives", "id").OnDelete(Rule.Cascade)
            .WithColumn("seq").AsInt32().NotNullable().PrimaryKey("pk_archive_chunks")
            .WithColumn("data").AsBinary().NotNullable();
        // Zipped archives do not compress further: storing the chunks as they are spares PostgreSQL a futile try.
        Execute.Sql("ALTER TABLE archive_chunks ALTER COLUMN data SET STORAGE EXTERNAL");
    }

    public override void Down()
    {
        Delete.Table("archive_chunks");
        Delete.Table("archives");
    }
}
