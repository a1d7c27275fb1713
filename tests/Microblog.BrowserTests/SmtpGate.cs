using System.Net;
using System.Net.Sockets;
using Microblog.IntegrationTests.Infrastructure;

namespace Microblog.BrowserTests;

/// <summary>
/// An SMTP port that holds every connection until the test opens the gate, then relays it to MailDev: a job that
/// mails waits for the test, so the test sees its task mid-way whatever the machine's speed.
/// </summary>
public sealed class SmtpGate : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SmtpGate()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public void Open() => open.TrySetResult();

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        {
            await open.Task;
            var smtp = TestEnv.Smtp.Split(':');
            using var server = new TcpClient();
            await server.ConnectAsync(smtp[0], int.Parse(smtp[1]));
            var (near, far) = (client.GetStream(), server.GetStream());
            await Task.WhenAny(near.CopyToAsync(far), far.CopyToAsync(near));
        }
    }

    public void Dispose() => listener.Stop();
}

/// <summary>The Kestrel app with its mail going through an <see cref="SmtpGate"/>.</summary>
public sealed class GatedMailAppFactory : KestrelAppFactory
{
    public SmtpGate Gate { get; } = new();

    protected override void ConfigureSettings(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("Mail:Port", Gate.Port.ToString());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Gate.Dispose();
    }
}
