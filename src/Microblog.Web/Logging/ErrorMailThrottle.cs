namespace Microblog.Web.Logging;

/// <summary>
/// At most one error mail per interval, so an outage that fails every request sends one mail a minute, not
/// thousands; the next mail says how many errors went unmailed (they are still in the log).
/// </summary>
public sealed class ErrorMailThrottle(TimeSpan interval, TimeProvider clock)
{
    private readonly Lock gate = new();
    private DateTimeOffset? last;
    private int suppressed;

    /// <summary>True when this error may be mailed; <paramref name="unmailed"/> is how many were held back before it.</summary>
    public bool TryTake(out int unmailed)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (last is { } at && now - at < interval)
            {
                suppressed++;
                unmailed = 0;
                return false;
            }
            last = now;
            unmailed = suppressed;
            suppressed = 0;
            return true;
        }
    }
}
