using FluentMigrator;

namespace Microblog.Data.Migrations;

[Migration(21, "Signal deleted notifications too, so no web process keeps serving a row that is gone")]
public sealed class M0021_Signal_notification_deletes : Migration
{
    // Web processes answer the feed from memory while the listener vouches for it (NotificationWaiters): a deleted row
    // (the worker's sweep of ended tasks, a user deleted with their rows) must drop what they hold as a write does.
    // The payload is the deleted row's user and timestamp, which leaves a process's "newest at most" bound as it was.
    public override void Up()
    {
        Execute.Sql($"""
            CREATE OR REPLACE FUNCTION notifications_signal() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    PERFORM pg_notify('{NotificationSignal.Channel}', OLD.user_id::text || ' ' || OLD.timestamp::text);
                ELSE
                    PERFORM pg_notify('{NotificationSignal.Channel}', NEW.user_id::text || ' ' || NEW.timestamp::text);
                END IF;
                RETURN NULL;
            END
            $$
            """);
        Execute.Sql("DROP TRIGGER notifications_signal ON notifications");
        Execute.Sql("""
            CREATE TRIGGER notifications_signal AFTER INSERT OR UPDATE OR DELETE ON notifications
            FOR EACH ROW EXECUTE FUNCTION notifications_signal()
            """);
    }

    public override void Down()
    {
        Execute.Sql("DROP TRIGGER notifications_signal ON notifications");
        Execute.Sql("""
            CREATE TRIGGER notifications_signal AFTER INSERT OR UPDATE ON notifications
            FOR EACH ROW EXECUTE FUNCTION notifications_signal()
            """);
    }
}
