using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microblog.Tasks.Queue;

namespace Microblog.IntegrationTests.Jobs;

/// <summary>Always throws: what a user and an admin see of a failure.</summary>
public sealed class FailingJob
{
    public const string Name = "failing_demo";
    public const string Message = "the flux capacitor broke";

    public Task RunAsync(CancellationToken ct) => throw new InvalidOperationException(Message);
}

/// <summary>Fails on its first attempt only, so a requeue shows that the job really ran again.</summary>
public sealed class FlakyJob
{
    public const string Name = "flaky_demo";

    public Task<string> RunAsync(CancellationToken ct) =>
        Job.Current!.Attempt < 2 ? throw new InvalidOperationException("first attempt fails") : Task.FromResult("second time lucky");
}

/// <summary>Runs until stopped, so an admin has something to stop.</summary>
public sealed class SleepyJob
{
    public const string Name = "sleepy_demo";

    public async Task RunAsync(CancellationToken ct) => await Task.Delay(Timeout.Infinite, ct);
}

public static class TaskApi
{
    private static readonly Regex CsrfToken = new("data-csrf-token=\"([^\"]+)\"");

    /// <summary>POST /api/tasks/long_task as the page's script does: the token from the page, in a header.</summary>
    public static async Task<HttpResponseMessage> StartLongTaskAsync(this HttpClient client)
    {
        var token = CsrfToken.Match(await client.GetStringAsync("/long_tasks")).Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tasks/long_task");
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> StatusAsync(this HttpClient client, string url) =>
        await client.GetFromJsonAsync<JsonElement>(url);
}

/// <summary>
/// Ignores its token: it returns only when the test releases it, so a test can see what the worker does with a
/// handler that will not stop. Notes the moment its token fired.
/// </summary>
public sealed class StubbornJob
{
    public const string Name = "stubborn_demo";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (TaskCompletionSource Cancelled, TaskCompletionSource Release)> Runs = new();

    public static (TaskCompletionSource Cancelled, TaskCompletionSource Release) Of(string jobId) =>
        Runs.GetOrAdd(jobId, _ => (new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously)));

    public async Task RunAsync(CancellationToken ct)
    {
        var run = Of(Job.Current!.Id);
        await using (ct.Register(() => run.Cancelled.TrySetResult()))
            await run.Release.Task;
    }
}

/// <summary>Notes when it started, so a test can tell whether it had to wait for a slot.</summary>
public sealed class StampJob
{
    public const string Name = "stamp_demo";

    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> Started = new();

    public Task RunAsync(CancellationToken ct)
    {
        Started[Job.Current!.Id] = DateTimeOffset.UtcNow;
        return Task.CompletedTask;
    }
}
