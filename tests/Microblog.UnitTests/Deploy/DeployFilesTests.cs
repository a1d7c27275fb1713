using System.Text.RegularExpressions;
using Xunit.Abstractions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Microblog.UnitTests.Deploy;

/// <summary>
/// The deploy files checked by reading them; nothing here starts a process. What these tests cannot check on a
/// machine without Docker: that Docker accepts the compose file against the Compose specification, that the image
/// builds, and that the containers start and reach each other. Those need `docker compose config` and `up`.
/// </summary>
public partial class DeployFilesTests(ITestOutputHelper output)
{
    static readonly string Root = FindRoot();
    static readonly string[] AppCommands = ["web", "migrate", "seed", "worker"];

    [Fact]
    public void Compose_file_parses_and_has_every_service_the_deploy_guide_names()
    {
        var services = Services();
        // docs/DEPLOY.md: "docker compose -f docker/compose.yaml up --build -d   # postgres, redis, maildev, migrate, web, worker"
        var named = UpLine().Match(Read("docs", "DEPLOY.md"));
        Assert.True(named.Success, "docs/DEPLOY.md no longer lists the services beside its `up` command");

        var expected = named.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries);
        Assert.Equal(expected.Order(), services.Keys.Order());
        output.WriteLine("Not checked here (no Docker): the Compose specification's schema, the image build, the containers starting.");
    }

    [Fact]
    public void Every_app_service_runs_the_image_with_a_command_the_app_knows()
    {
        var services = Services();
        var entrypoint = EntryPoint().Match(Read("docker", "Dockerfile"));
        Assert.True(entrypoint.Success, "the Dockerfile has no exec-form ENTRYPOINT");
        Assert.Equal("[\"dotnet\", \"Microblog.Web.dll\"]", entrypoint.Groups[1].Value);

        var app = services.Where(s => Map(s.Value).ContainsKey("build")).ToDictionary(s => s.Key, s => Map(s.Value));
        Assert.Equal(["migrate", "web", "worker"], app.Keys.Order());
        Assert.All(app.Values, s => Assert.Equal("microblog:latest", s["image"]));
        Assert.False(app["web"].ContainsKey("command"), "web must run the default command (the web app)");
        Assert.Equal("migrate", Command(app["migrate"])[0]);
        Assert.Equal("worker", Command(app["worker"])[0]);
        Assert.All(app.Values.Where(s => s.ContainsKey("command")), s => Assert.Contains(Command(s)[0], AppCommands));
    }

    [Fact]
    public void Compose_ports_match_the_image_and_the_deploy_guide()
    {
        var services = Services();
        var dockerfile = Read("docker", "Dockerfile");
        var guide = Read("docs", "DEPLOY.md");

        var web = Assert.Single(List(Map(services["web"])["ports"]));
        Assert.Equal("${WEB_PORT:-8000}:8080", web);
        Assert.Contains("PORT=8080", dockerfile);
        Assert.Contains("EXPOSE 8080", dockerfile);
        Assert.Contains("http://localhost:8000", guide);
        Assert.Equal("1080:1080", Assert.Single(List(Map(services["maildev"])["ports"])));
        Assert.Contains("http://localhost:1080", guide);
        Assert.Equal("1025", Map(Map(services["web"])["environment"])["MAIL_PORT"]);
    }

    [Fact]
    public void Every_variable_the_compose_file_sets_is_a_documented_setting()
    {
        var readme = Read("README.md");
        var variables = Services().Values.Select(Map)
            .Where(s => s.ContainsKey("build"))
            .SelectMany(s => Map(s["environment"]).Keys)
            .Distinct()
            .ToList();

        Assert.NotEmpty(variables);
        Assert.All(variables, v => Assert.Contains($"`{v}`", readme));
    }

    [Fact]
    public void Compose_worker_can_be_scaled()
    {
        var worker = Map(Services()["worker"]);

        Assert.False(worker.ContainsKey("container_name"), "a fixed container_name prevents --scale");
        Assert.False(worker.ContainsKey("ports"), "host ports on the worker prevent --scale");
        Assert.Equal("service_completed_successfully", Map(Map(worker["depends_on"])["migrate"])["condition"]);
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

    /// <summary>The compose file's services, with YAML merge keys (<c>&lt;&lt;: *app</c>) resolved as Compose does.</summary>
    static Dictionary<string, object> Services()
    {
        using var reader = new StringReader(Read("docker", "compose.yaml"));
        var compose = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(new MergingParser(new Parser(reader)));
        return Map(compose["services"]).ToDictionary(e => e.Key, e => e.Value);
    }

    static Dictionary<string, object> Map(object node) =>
        Assert.IsType<Dictionary<object, object>>(node).ToDictionary(e => (string)e.Key, e => e.Value);

    static List<string> List(object node) => Assert.IsType<List<object>>(node).Select(o => (string)o).ToList();

    static List<string> Command(Dictionary<string, object> service) => List(service["command"]);

    static string Read(params string[] path) => File.ReadAllText(Path.Combine([Root, .. path]));

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Microblog.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Microblog.sln not found above the test binaries");
    }

    [GeneratedRegex(@"compose\.yaml up --build[^\n#]*#\s*([a-z, ]+)")]
    private static partial Regex UpLine();

    [GeneratedRegex(@"(?m)^ENTRYPOINT (\[.*\])\s*$")]
    private static partial Regex EntryPoint();
}
