using FluentMigrator;

namespace Microblog.Data.Migrations;

[Migration(17, "Signal every notification write on the microblog_notifications channel (LISTEN/NOTIFY)")]
public sealed class M0017_Notification_signal : Migration
{
    // A trigger rather than a NOTIFY beside each writer: every writer (web, workers, a psql session) is covered, and
    // PostgreSQL sends the signal only when the writing transaction commits, so a woken reader always finds the row.
    // The payload "<user id> <timestamp>" lets a web process know the user's newest timestamp without a query.
    public override void Up()
    {
        Execute.Sql($"""
            CREATE FUNCTION notifications_signal() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('{NotificationSignal.Channel}', NEW.user_id::text || ' ' || NEW.timestamp::text);
                RETURN NULL;
            END
            $$
            """);
        Execute.Sql("""
            CREATE TRIGGER notifications_signal AFTER INSERT OR UPDATE ON notifications
            FOR EACH ROW EXECUTE FUNCTION notifications_signal()
            """);
    }

    public override void Down()
    {
        Execute.Sql("DROP TRIGGER notifications_signal ON notifications");
        Execute.Sql("DROP FUNCTION notifications_signal()");
    }
}
