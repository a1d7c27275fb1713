using System.Diagnostics;
using System.Net.Sockets;
using Microblog.Testing;

namespace Microblog.IntegrationTests.Dev;

/// <summary>
/// bin/dev as a new user runs it: through a pipe into tee, stopped with Ctrl-C (SIGINT to the whole foreground
/// process group, which kills tee too). Runs the real script on free ports with its data in a temp directory, using
/// the app bin/test has already built (DEV_SKIP_BUILD) so it takes well under a minute.
/// </summary>
public class DevScriptTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("microblog-dev-test.").FullName;

    // PostgreSQL runs as the postgres user, which must reach its data directory in here.
    public DevScriptTests()
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(data, (UnixFileMode)0b111_101_101);
    }

    [Fact]
    public async Task Ctrl_c_through_a_pipe_stops_every_process_bin_dev_started()
    {
        var ports = FreePorts(5);
        var log = Path.Combine(data, "dev.log");
        var dev = StartDev(ports, log);
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(dev.HasExited || Read(log).Contains("Ctrl-C stops everything")),
                "bin/dev's banner", TimeSpan.FromSeconds(150));
            Assert.False(dev.HasExited, $"bin/dev exited early:\n{Read(log)}");

            Interrupt(dev.Id);
            await dev.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

            var listening = ports.Where(Listening).ToList();
            var leftovers = ProcessesMentioning(data);
            Assert.True(listening.Count == 0, $"still listening on {string.Join(", ", listening)}");
            Assert.True(leftovers.Count == 0, $"left running: {string.Join("\n", leftovers)}");
        }
        finally
        {
            // A failed run must not leave its servers eating the CPU of the tests after it.
            foreach (var leftover in ProcessesMentioning(data))
            {
                try { Process.GetProcessById(int.Parse(leftover[..leftover.IndexOf(':')])).Kill(entireProcessTree: true); }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException) { }
            }
            if (!dev.HasExited)
                dev.Kill(entireProcessTree: true);
        }
    }

    private Process StartDev(int[] ports, string log)
    {
        // setsid: a process group of its own, as a terminal gives the pipeline, so SIGINT can go to all of it. perl first
        // gives it the signal state a terminal's shell would: children inherit ignored and blocked signals, and this test
        // host's are not a shell's (in the full suite SIGINT once reached nothing: bash cannot trap a signal ignored on
        // entry). perl-base is part of every Debian.
        const string TerminalSignals = "$SIG{$_} = 'DEFAULT' for qw(INT TERM HUP QUIT PIPE); "
            + "POSIX::sigprocmask(POSIX::SIG_SETMASK(), POSIX::SigSet->new) or die $!; exec @ARGV or die $!";
        var start = new ProcessStartInfo("setsid", ["perl", "-MPOSIX", "-e", TerminalSignals, "--", "bash", "-c", $"bin/dev 2>&1 | tee {log} >/dev/null"])
        {
            WorkingDirectory = RepositoryRoot(),
            UseShellExecute = false,
        };
        start.Environment["DEV_DATA_DIR"] = data;
        start.Environment["DEV_CONFIGURATION"] = "Release";
        start.Environment["DEV_SKIP_BUILD"] = "1";
        start.Environment["DEV_PG_PORT"] = ports[0].ToString();
        start.Environment["DEV_REDIS_PORT"] = ports[1].ToString();
        start.Environment["DEV_SMTP_PORT"] = ports[2].ToString();
        start.Environment["DEV_MAILDEV_PORT"] = ports[3].ToString();
        start.Environment["DEV_WEB_PORT"] = ports[4].ToString();
        return Process.Start(start)!;
    }

    // What the terminal does on Ctrl-C: SIGINT to every process of the foreground group (setsid made dev.Id its id).
    private static void Interrupt(int processGroup) => Process.Start("kill", ["-INT", "--", $"-{processGroup}"])!.WaitForExit();

    private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static List<string> ProcessesMentioning(string text)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(text))
                    found.Add($"{Path.GetFileName(dir)}: {cmdline}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone while listing, or not a process directory.
            }
        }
        return found;
    }

    // Below the ephemeral range, as bin/lib/services.sh's free_port, so no outgoing connection takes one meanwhile.
    private static int[] FreePorts(int count)
    {
        var ports = new HashSet<int>();
        while (ports.Count < count)
        {
            var port = Random.Shared.Next(20000, 32000);
            if (!Listening(port))
                ports.Add(port);
        }
        return [.. ports];
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "bin", "dev")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("bin/dev not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        try { Directory.Delete(data, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
