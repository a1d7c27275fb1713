using FluentMigrator;

namespace Microblog.Data.Migrations;

[Migration(7, "A task's life on its row (state, progress, what to run again) and one task_progress notification per task")]
public sealed class M0007_Task_life : Migration
{
    public override void Up()
    {
        Alter.Table("tasks")
            .AddColumn("state").AsString(16).NotNullable().WithDefaultValue(BackgroundTask.States.Queued)
            .AddColumn("progress").AsInt32().NotNullable().WithDefaultValue(0)
            .AddColumn("message").AsString(BackgroundTask.MessageMaxLength).Nullable()
            .AddColumn("queue").AsString(128).Nullable()
            .AddColumn("args_json").AsString().Nullable()
            .AddColumn("launches").AsInt32().NotNullable().WithDefaultValue(1)
            .AddColumn("launched_at").AsDateTimeOffset().Nullable();
        Execute.Sql("UPDATE tasks SET state = CASE WHEN NOT complete THEN 'queued' WHEN failed THEN 'failed' ELSE 'completed' END, launched_at = created_at");
        // The layout's query on every page: a user's open tasks. Its cost stays that of the open rows, whatever the
        // user's history; the sweep's scan of all open tasks uses it too.
        Execute.Sql("CREATE INDEX ix_tasks_open ON tasks (user_id, created_at) WHERE NOT complete");

        // task_progress becomes one row per task: "a new notification replaces the previous one of the same name"
        // now reads "of the same name and task". Other names keep task_id '' and stay one per user and name.
        Alter.Table("notifications").AddColumn("task_id").AsString(36).NotNullable().WithDefaultValue("");
        Delete.Index("ix_notifications_user_id_name").OnTable("notifications");
        Create.Index("ix_notifications_user_id_name_task_id").OnTable("notifications")
            .OnColumn("user_id").Ascending().OnColumn("name").Ascending().OnColumn("task_id").Ascending()
            .WithOptions().Unique();
    }

    public override void Down()
    {
        Delete.Index("ix_notifications_user_id_name_task_id").OnTable("notifications");
        Execute.Sql("DELETE FROM notifications WHERE task_id <> ''");
        Delete.Column("task_id").FromTable("notifications");
        Create.Index("ix_notifications_user_id_name").OnTable("notifications")
            .OnColumn("user_id").Ascending().OnColumn("name").Ascending().WithOptions().Unique();
        Execute.Sql("DROP INDEX ix_tasks_open");
        Delete.Column("state").Column("progress").Column("message").Column("queue").Column("args_json").Column("launches").Column("launched_at").FromTable("tasks");
    }
}
