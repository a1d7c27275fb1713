using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace LiveBench;

/// <summary>
/// Holds <c>perUser</c> waiting <c>/notifications</c> requests for every user of the users file ("id cookie" lines),
/// each asked again as soon as it is answered, as a tab does. Then writes a notification for each user in turn
/// (spaced rounds, <c>spacingMs</c> apart) and for all of them in one statement (a burst), and times every wake-up from just before the write
/// until the answer arrives.
/// </summary>
internal static class WaitersBench
{
    private const int WaitSeconds = 25;

    public static async Task<int> RunAsync(Uri app, string usersFile, int perUser, int rounds, int spacingMs, string connectionString)
    {
        var users = File.ReadAllLines(usersFile).Select(l => l.Split(' ')).Select(p => (Id: int.Parse(p[0]), Cookie: p[1])).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = int.MaxValue })
        {
            BaseAddress = app, Timeout = TimeSpan.FromSeconds(WaitSeconds + 30),
        };
        var writtenAt = new ConcurrentDictionary<int, double>();
        var wakeUps = new ConcurrentBag<double>();
        var answered = 0;
        var errors = 0;
        using var stop = new CancellationTokenSource();

        async Task TabAsync(int userId, string cookie)
        {
            var since = 0.0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get,
                        $"/notifications?since={since.ToString("R", CultureInfo.InvariantCulture)}&wait={WaitSeconds}");
                    request.Headers.Add("Cookie", cookie);
                    using var response = await http.SendAsync(request, stop.Token);
                    var body = await response.Content.ReadAsStringAsync(stop.Token);
                    var now = Stats.NowMs();
                    response.EnsureSuccessStatusCode();
                    var notifications = JsonSerializer.Deserialize<JsonElement[]>(body)!;
                    if (notifications.Length == 0)
                        continue;
                    since = notifications.Max(n => n.GetProperty("timestamp").GetDouble());
                    if (writtenAt.TryGetValue(userId, out var written))
                        wakeUps.Add(now - written);
                    Interlocked.Increment(ref answered);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref errors);
                    Console.Error.WriteLine($"tab of user {userId}: {e.Message}");
                    await Task.Delay(1_000);
                }
            }
        }

        var tabs = users.SelectMany(u => Enumerable.Range(0, perUser).Select(_ => Task.Run(() => TabAsync(u.Id, u.Cookie)))).ToArray();
        // Lets every tab's first request reach the server and settle into its wait.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Console.WriteLine($"waiters held {tabs.Length} users {users.Length}");
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();

        for (var round = 1; round <= rounds; round++)
        {
            var expected = Volatile.Read(ref answered) + tabs.Length;
            foreach (var (id, _) in users.OrderBy(_ => Random.Shared.Next()))
            {
                writtenAt[id] = Stats.NowMs();
                await WriteAsync(db, "= @user", round, id);
                await Task.Delay(spacingMs);
            }
            await UntilAsync(() => Volatile.Read(ref answered) >= expected, TimeSpan.FromSeconds(20));
        }
        Console.WriteLine($"wake_spaced {Stats.Describe(wakeUps.ToArray())}");

        wakeUps.Clear();
        var all = Volatile.Read(ref answered) + tabs.Length;
        var burst = Stats.NowMs();
        foreach (var (id, _) in users)
            writtenAt[id] = burst;
        await WriteAsync(db, "= ANY(@users)", rounds + 1, users.Select(u => u.Id).ToArray());
        await UntilAsync(() => Volatile.Read(ref answered) >= all, TimeSpan.FromSeconds(20));
        Console.WriteLine($"wake_burst {Stats.Describe(wakeUps.ToArray())}");
        Console.WriteLine($"waiters errors {errors}");

        stop.Cancel();
        await Task.WhenAll(tabs);
        return 0;
    }

    // The app's upsert (Notifications.AddNotificationAsync) for one user or many in one statement.
    private static async Task WriteAsync(NpgsqlConnection db, string which, int value, object users)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO notifications (name, user_id, task_id, timestamp, payload_json)
            SELECT 'unread_message_count', id, '', extract(epoch FROM clock_timestamp())::double precision, @value
            FROM users WHERE id {which}
            ON CONFLICT (user_id, name, task_id) DO UPDATE SET timestamp = excluded.timestamp, payload_json = excluded.payload_json
            """, db);
        command.Parameters.AddWithValue(which.Contains("ANY") ? "users" : "user", users);
        command.Parameters.AddWithValue("value", value.ToString(CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync();
    }

    private static async Task UntilAsync(Func<bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!done() && DateTime.UtcNow < deadline)
            await Task.Delay(10);
    }
}
