using System.Globalization;
using StackExchange.Redis;

namespace Microblog.Tasks.Queue;

/// <summary>Runs the <see cref="Scripts"/> and plain reads against Redis for the queue, the monitor and the workers.</summary>
internal sealed class JobStore(QueueConnection connection, RedisKeys keys, TimeProvider time)
{
    public RedisKeys Keys => keys;

    public TimeProvider Time => time;

    public static string Iso(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseIso(string? iso) =>
        DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment) ? moment : null;

    public async Task<IDatabase> DatabaseAsync()
    {
        try
        {
            return await connection.DatabaseAsync();
        }
        catch (RedisException e)
        {
            throw Unavailable(e);
        }
    }

    public async Task<RedisResult> RunAsync(RedisScript script, params RedisValue[] args) =>
        await RunAsync(await DatabaseAsync(), script, args);

    /// <summary>Runs the script on <paramref name="db"/>, e.g. pipelined behind a blocking command on a dedicated connection.</summary>
    public async Task<RedisResult> RunAsync(IDatabase db, RedisScript script, params RedisValue[] args)
    {
        var now = time.GetUtcNow();
        var all = new RedisValue[args.Length + 3];
        all[0] = keys.Prefix;
        all[1] = (now.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
        all[2] = Iso(now);
        args.CopyTo(all, 3);
        try
        {
            try
            {
                return await db.ScriptEvaluateAsync(script.Sha1, null, all);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                return await db.ScriptEvaluateAsync(script.Text, null, all);
            }
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            throw Unavailable(e);
        }
    }

    public async Task<HashEntry[]> ReadJobAsync(string id)
    {
        var db = await DatabaseAsync();
        try
        {
            return await db.HashGetAllAsync(keys.Job(id));
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            throw Unavailable(e);
        }
    }

    /// <summary>Turns a script's array of HGETALL replies into hash entries, one array per job.</summary>
    public static IEnumerable<HashEntry[]> Hashes(RedisResult reply)
    {
        foreach (var job in (RedisResult[])reply!)
        {
            var flat = (RedisValue[])job!;
            var entries = new HashEntry[flat.Length / 2];
            for (var i = 0; i < entries.Length; i++)
                entries[i] = new HashEntry(flat[2 * i], flat[2 * i + 1]);
            yield return entries;
        }
    }

    private static JobQueueUnavailableException Unavailable(Exception e) =>
        new($"Redis is unreachable or not answering: {e.Message}", e);
}
