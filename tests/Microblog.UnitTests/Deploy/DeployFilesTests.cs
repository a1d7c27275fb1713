using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Microblog.UnitTests.Deploy;

public class DeployFilesTests(ITestOutputHelper output)
{
    static readonly string Root = FindRoot();
    static string ComposeFile => Path.Combine(Root, "docker", "compose.yaml");

    [Fact]
    public void Compose_file_passes_docker_compose_config()
    {
        if (Run("docker", "compose", "version").ExitCode != 0)
        {
            output.WriteLine("docker compose is not installed here; only the YAML structure was checked.");
            return;
        }

        var (exitCode, stdout, stderr) = Run("docker", "compose", "-f", ComposeFile, "config", "--quiet");

        Assert.True(exitCode == 0, $"docker compose config failed:\n{stdout}\n{stderr}");
    }

    [Fact]
    public void Compose_file_runs_the_whole_stack_with_a_scalable_worker()
    {
        var compose = LoadYaml(ComposeFile);
        if (compose is null)
        {
            output.WriteLine("python3 with PyYAML is not available; the compose file was not parsed.");
            return;
        }

        var services = compose.Value.GetProperty("services");
        foreach (var name in new[] { "postgres", "redis", "maildev", "migrate", "web", "worker" })
            Assert.True(services.TryGetProperty(name, out _), $"service {name} is missing");
        var worker = services.GetProperty("worker");
        Assert.False(worker.TryGetProperty("container_name", out _), "a fixed container_name prevents --scale");
        Assert.False(worker.TryGetProperty("ports", out _), "host ports on the worker prevent --scale");
        Assert.Equal("worker", worker.GetProperty("command")[0].GetString());
        Assert.Equal("migrate", services.GetProperty("migrate").GetProperty("command")[0].GetString());
        Assert.Equal("service_completed_successfully",
            services.GetProperty("web").GetProperty("depends_on").GetProperty("migrate").GetProperty("condition").GetString());
        Assert.Equal(services.GetProperty("web").GetProperty("image").GetString(), worker.GetProperty("image").GetString());
    }

    [Fact]
    public void Procfile_migrates_on_release_and_runs_web_and_worker()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "Procfile"))
            .Where(l => l.Contains(':'))
            .ToDictionary(l => l[..l.IndexOf(':')], l => l[(l.IndexOf(':') + 1)..].Trim());

        Assert.Equal(["release", "web", "worker"], lines.Keys.Order());
        Assert.EndsWith("./Microblog.Web migrate", lines["release"]);
        // The app binds $PORT itself (Heroku variables are translated at start-up).
        Assert.EndsWith("./Microblog.Web", lines["web"]);
        Assert.EndsWith("./Microblog.Web worker --queues ${TASK_QUEUE:-microblog-tasks}", lines["worker"]);
    }

    [Fact]
    public void Systemd_units_start_web_and_numbered_workers()
    {
        var unitDir = Path.Combine(Root, "deploy", "systemd");
        var web = File.ReadAllText(Path.Combine(unitDir, "microblog-web.service"));
        var worker = File.ReadAllText(Path.Combine(unitDir, "microblog-worker@.service"));

        Assert.Contains("ExecStartPre=/opt/microblog/Microblog.Web migrate", web);
        Assert.Contains("ExecStart=/opt/microblog/Microblog.Web worker --queues", worker);
        Assert.Contains("worker-%i.log", worker);
    }

    JsonElement? LoadYaml(string path)
    {
        var (exitCode, stdout, stderr) = Run("python3", "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", path);
        if (exitCode != 0)
        {
            output.WriteLine(stderr);
            return null;
        }
        return JsonDocument.Parse(stdout).RootElement;
    }

    static (int ExitCode, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", e.Message);
        }
    }

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Microblog.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Microblog.sln not found above the test binaries");
    }
}
