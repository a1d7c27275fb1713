namespace Microblog.IntegrationTests.Infrastructure;

/// <summary>The throwaway services that bin/test starts and exports.</summary>
public static class TestEnv
{
    public static string PgAdmin => Get("MICROBLOG_TEST_PG");
    public static string Redis => Get("MICROBLOG_TEST_REDIS");
    public static string Smtp => Get("MICROBLOG_TEST_SMTP");
    public static Uri MailDev => new(Get("MICROBLOG_TEST_MAILDEV"));

    private static string Get(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run bin/test (it starts PostgreSQL, Redis and MailDev and exports it).");
}
