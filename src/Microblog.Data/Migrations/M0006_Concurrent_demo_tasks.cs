using FluentMigrator;

namespace Microblog.Data.Migrations;

/// <summary>
/// "One task in progress per user and name" held for every task; the rule is the export's. A user may run
/// several long-task demos at once (the API caps them), so the unique index now covers exports only.
/// </summary>
[Migration(6, "Allow concurrent demo tasks: one export in progress per user, any other task unrestricted")]
public sealed class M0006_Concurrent_demo_tasks : Migration
{
    public override void Up() => Execute.Sql("""
        DROP INDEX ux_tasks_user_id_name_in_progress;
        CREATE UNIQUE INDEX ux_tasks_user_id_export_in_progress ON tasks (user_id) WHERE NOT complete AND name = 'export_posts';
        """);

    public override void Down() => Execute.Sql("""
        DROP INDEX ux_tasks_user_id_export_in_progress;
        CREATE UNIQUE INDEX ux_tasks_user_id_name_in_progress ON tasks (user_id, name) WHERE NOT complete;
        """);
}
