using FluentMigrator;

namespace Microblog.Data.Migrations;

[Migration(16, "The language a task was launched in, for the words and mails its worker writes")]
public sealed class M0016_Task_culture : Migration
{
    public override void Up() =>
        Alter.Table("tasks").AddColumn("culture").AsString(BackgroundTask.CultureMaxLength).NotNullable()
            .WithDefaultValue(BackgroundTask.DefaultCulture);

    public override void Down() => Delete.Column("culture").FromTable("tasks");
}
