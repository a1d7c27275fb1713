using Microblog.Web.Configuration;
using Microsoft.Extensions.Configuration;

namespace Microblog.UnitTests.Configuration;

public class MicroblogSettingsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["ConnectionStrings:Microblog"] = "Host=localhost;Database=microblog;Username=postgres",
        ["ConnectionStrings:Redis"] = "localhost:6379",
        ["Mail:Server"] = "localhost",
        ["Mail:Sender"] = "Microblog <no-reply@example.com>",
    };

    private static MicroblogSettings Load(Dictionary<string, string?> overrides)
    {
        var values = new Dictionary<string, string?>(Valid);
        foreach (var (k, v) in overrides)
            values[k] = v;
        var config = new ConfigurationManager();
        config.AddInMemoryCollection(values);
        return MicroblogSettings.Load(config);
    }

    [Fact]
    public void Heroku_variables_win_over_the_apps_own_keys()
    {
        var settings = Load(new()
        {
            ["DATABASE_URL"] = "postgres://u:p@heroku-db:5432/d1",
            ["REDIS_URL"] = "redis://:pw@heroku-redis:7000",
            ["MAIL_SERVER"] = "smtp.example.com", ["MAIL_PORT"] = "587", ["MAIL_USE_TLS"] = "true",
            ["ADMINS"] = "a@example.com, b@example.com", ["TASK_QUEUE"] = "q2",
        });

        Assert.Contains("Host=heroku-db", settings.Database);
        Assert.Equal("pw", settings.Redis.Password);
        Assert.Equal(("smtp.example.com", 587, true), (settings.Mail.Server, settings.Mail.Port, settings.Mail.UseTls));
        Assert.Equal(["a@example.com", "b@example.com"], settings.Microblog.Admins);
        Assert.Equal("q2", settings.Microblog.TaskQueue);
    }

    [Fact]
    public void Defaults_apply_when_optional_settings_are_absent()
    {
        var settings = Load([]);

        Assert.Equal("microblog-tasks", settings.Microblog.TaskQueue);
        Assert.Equal(25, settings.Mail.Port);
        Assert.False(settings.Mail.UseTls);
    }

    [Theory]
    [InlineData("ConnectionStrings:Microblog", "ConnectionStrings:Microblog")]
    [InlineData("ConnectionStrings:Redis", "ConnectionStrings:Redis")]
    [InlineData("Mail:Server", "MAIL_SERVER")]
    public void Missing_required_setting_names_it_in_one_line(string key, string mentioned)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(new() { [key] = null }));

        Assert.Contains(mentioned, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("DATABASE_URL", "mysql://u@h/db")]
    [InlineData("REDIS_URL", "redis://h:1/x")]
    [InlineData("MAIL_PORT", "twenty-five")]
    [InlineData("MAIL_USE_TLS", "maybe")]
    [InlineData("PORT", "eighty")]
    [InlineData("Microblog:NotificationWaitSeconds", "26")]
    [InlineData("Microblog:NotificationWaitSeconds", "-1")]
    public void Malformed_variable_is_named_in_the_error(string variable, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(new() { [variable] = value }));

        Assert.Contains(variable, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Port_variable_binds_all_interfaces()
    {
        var config = new ConfigurationManager();
        config.AddInMemoryCollection(new Dictionary<string, string?>(Valid) { ["PORT"] = "8123" });

        MicroblogSettings.Load(config);

        Assert.Equal("http://0.0.0.0:8123", config["urls"]);
    }

    private static MicroblogSettings LoadIn(bool production, Dictionary<string, string?> overrides)
    {
        var config = new ConfigurationManager();
        config.AddInMemoryCollection(new Dictionary<string, string?>(Valid).Concat(overrides).ToDictionary());
        return MicroblogSettings.Load(config, production);
    }

    [Fact]
    public void App_url_is_required_in_production_only()
    {
        var error = Assert.Throws<ConfigurationException>(() => LoadIn(production: true, new()));
        var development = LoadIn(production: false, new());
        var set = LoadIn(production: true, new() { ["APP_URL"] = "https://microblog.example.com/" });

        Assert.Equal("Missing setting Microblog:AppUrl (or environment variable APP_URL).", error.Message);
        Assert.Equal(new Uri("http://127.0.0.1:5000"), development.Microblog.AppUrl);
        Assert.Equal(new Uri("https://microblog.example.com"), set.Microblog.AppUrl);
    }

    [Theory]
    [InlineData("microblog.example.com")]
    [InlineData("ftp://microblog.example.com")]
    [InlineData("https://microblog.example.com/?x=1")]
    public void App_url_must_be_an_http_base_url(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => LoadIn(production: true, new() { ["APP_URL"] = value }));

        Assert.StartsWith("Malformed setting APP_URL: ", error.Message);
    }

    [Fact]
    public void Trusted_proxies_are_loopback_by_default_anyone_on_heroku_or_the_listed_ranges()
    {
        var byDefault = LoadIn(false, new()).Microblog.TrustedProxies;
        var onHeroku = LoadIn(false, new() { ["DYNO"] = "web.1" }).Microblog.TrustedProxies;
        var listed = LoadIn(false, new() { ["TRUSTED_PROXIES"] = "10.0.0.0/8, 192.168.1.7" }).Microblog.TrustedProxies;
        var malformed = Assert.Throws<ConfigurationException>(() => LoadIn(false, new() { ["TRUSTED_PROXIES"] = "proxy.local" }));

        Assert.Equal(["127.0.0.0/8", "::1/128"], byDefault!.Select(n => n.ToString()));
        Assert.Null(onHeroku);
        Assert.Equal(["10.0.0.0/8", "192.168.1.7/32"], listed!.Select(n => n.ToString()));
        Assert.StartsWith("Malformed setting TRUSTED_PROXIES: 'proxy.local'", malformed.Message);
    }
}
