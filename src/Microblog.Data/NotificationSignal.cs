using System.Globalization;

namespace Microblog.Data;

/// <summary>
/// What the <c>notifications</c> trigger (migrations M0017, M0021) sends on every insert, update and delete, in the writer's transaction:
/// <c>NOTIFY microblog_notifications, '&lt;user id&gt; &lt;timestamp&gt;'</c>.
/// </summary>
public readonly record struct NotificationSignal(int UserId, double Timestamp)
{
    public const string Channel = "microblog_notifications";

    public static bool TryParse(string payload, out NotificationSignal signal)
    {
        signal = default;
        var space = payload.IndexOf(' ');
        if (space <= 0
            || !int.TryParse(payload.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            || !double.TryParse(payload.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var timestamp))
            return false;
        signal = new NotificationSignal(userId, timestamp);
        return true;
    }
}
