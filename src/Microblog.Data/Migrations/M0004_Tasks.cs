using System.Data;
using FluentMigrator;

namespace Microblog.Data.Migrations;

[Migration(4, "Background tasks a user started (one row per queued job)")]
public sealed class M0004_Tasks : Migration
{
    public override void Up()
    {
        Create.Table("tasks")
            .WithColumn("id").AsString(36).NotNullable().PrimaryKey("pk_tasks")
            .WithColumn("name").AsString(128).NotNullable()
            .WithColumn("description").AsString(128).Nullable()
            .WithColumn("user_id").AsInt32().NotNullable()
                .ForeignKey("fk_tasks_users_user_id", "users", "id").OnDelete(Rule.Cascade)
            .WithColumn("complete").AsBoolean().NotNullable().WithDefaultValue(false)
            .WithColumn("failed").AsBoolean().NotNullable().WithDefaultValue(false)
            .WithColumn("error").AsString(BackgroundTask.ErrorMaxLength).Nullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable()
            .WithColumn("ended_at").AsDateTimeOffset().Nullable();
        Create.Index("ix_tasks_name").OnTable("tasks").OnColumn("name");
        Create.Index("ix_tasks_user_id").OnTable("tasks").OnColumn("user_id");
        // "One export in progress per user" must hold when two requests race: the second INSERT fails here.
        // Other tasks (the long-task demo) may run side by side; the API caps how many.
        Execute.Sql("CREATE UNIQUE INDEX ux_tasks_user_id_export_in_progress ON tasks (user_id) WHERE NOT complete AND name = 'export_posts'");
    }

    public override void Down() => Delete.Table("tasks");
}
