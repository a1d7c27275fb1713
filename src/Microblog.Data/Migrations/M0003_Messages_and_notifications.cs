using System.Data;
using FluentMigrator;
using FluentMigrator.Postgres;

namespace Microblog.Data.Migrations;

[Migration(3, "Private messages and the per-user notification feed")]
public sealed class M0003_Messages_and_notifications : Migration
{
    public override void Up()
    {
        Create.Table("messages")
            .WithColumn("id").AsInt32().NotNullable().PrimaryKey("pk_messages").Identity(PostgresGenerationType.ByDefault)
            .WithColumn("sender_id").AsInt32().NotNullable()
                .ForeignKey("fk_messages_users_sender_id", "users", "id").OnDelete(Rule.Cascade)
            .WithColumn("recipient_id").AsInt32().NotNullable()
                .ForeignKey("fk_messages_users_recipient_id", "users", "id").OnDelete(Rule.Cascade)
            .WithColumn("body").AsString(Message.BodyMaxLength).NotNullable()
            .WithColumn("timestamp").AsDateTimeOffset().NotNullable();
        Create.Index("ix_messages_sender_id").OnTable("messages").OnColumn("sender_id");
        Create.Index("ix_messages_recipient_id_timestamp").OnTable("messages")
            .OnColumn("recipient_id").Ascending().OnColumn("timestamp").Ascending();

        Create.Table("notifications")
            .WithColumn("id").AsInt32().NotNullable().PrimaryKey("pk_notifications").Identity(PostgresGenerationType.ByDefault)
            .WithColumn("name").AsString(128).NotNullable()
            .WithColumn("user_id").AsInt32().NotNullable()
                .ForeignKey("fk_notifications_users_user_id", "users", "id").OnDelete(Rule.Cascade)
            .WithColumn("timestamp").AsDouble().NotNullable()
            .WithColumn("payload_json").AsString().NotNullable();
        Create.Index("ix_notifications_name").OnTable("notifications").OnColumn("name");
        // The upsert in Notifications.AddNotificationAsync targets this constraint (ON CONFLICT (user_id, name)).
        Create.Index("ix_notifications_user_id_name").OnTable("notifications")
            .OnColumn("user_id").Ascending().OnColumn("name").Ascending().WithOptions().Unique();
    }

    public override void Down()
    {
        Delete.Table("notifications");
        Delete.Table("messages");
    }
}
