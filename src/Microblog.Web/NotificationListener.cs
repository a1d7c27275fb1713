using Microblog.Data;
using Microblog.Web.Configuration;
using Npgsql;

namespace Microblog.Web;

/// <summary>
/// One connection per web process that LISTENs on <see cref="NotificationSignal.Channel"/> and hands every
/// notification write or delete (by any web process or worker: the trigger of migrations M0017 and M0021 sends it) to
/// <see cref="NotificationWaiters"/>. A lost connection (a PostgreSQL restart, <c>pg_terminate_backend</c>) is
/// reopened with a growing delay; the waiters poll meanwhile and forget what they knew, as a write may go unheard.
/// </summary>
public sealed class NotificationListener(MicroblogSettings settings, NotificationWaiters waiters, ILogger<NotificationListener> log)
    : BackgroundService
{
    public const string ApplicationName = "microblog-notification-listener";
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);

    // Its own unpooled connection: it is held for the process's life, and a broken one must not go back to a pool.
    // Keepalive queries while it waits notice a peer that vanished without closing the socket.
    private readonly string connectionString = new NpgsqlConnectionStringBuilder(settings.Database)
    {
        Pooling = false,
        KeepAlive = 15,
        ApplicationName = ApplicationName,
    }.ConnectionString;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) =>
                {
                    if (NotificationSignal.TryParse(e.Payload, out var signal))
                        waiters.Signal(signal);
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {NotificationSignal.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                waiters.Connected();
                retry = FirstRetry;
                while (true)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                waiters.Disconnected();
                log.LogWarning(e, "Listening for notifications failed; waiting requests poll until it reconnects in {Delay}", retry);
            }
            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
        waiters.Disconnected();
    }
}
