using System.Net;
using System.Text.Json;
using MimeKit;

namespace Microblog.IntegrationTests.Infrastructure;

/// <summary>Reads what the shared MailDev received. Polls with a deadline: mail is asynchronous, sleeps are not allowed.</summary>
public static class MailDev
{
    private static readonly HttpClient Http = new() { BaseAddress = TestEnv.MailDev, Timeout = TimeSpan.FromSeconds(10) };

    public static async Task<MimeMessage> WaitForMailAsync(string to, Func<MimeMessage, bool>? match = null, TimeSpan? timeout = null) =>
        (await Poll.UntilAsync(() => FindAsync(to, match), mail => mail is not null,
            $"a mail to {to} at MailDev {TestEnv.MailDev}", timeout ?? TimeSpan.FromSeconds(15)))!;

    /// <summary>The bytes of the first mail to <paramref name="to"/> exactly as MailDev received them over SMTP.</summary>
    public static async Task<byte[]> WaitForRawMailAsync(string to, TimeSpan? timeout = null)
    {
        await WaitForMailAsync(to, timeout: timeout);
        var prefix = await ApiPrefixAsync();
        return await Http.GetByteArrayAsync($"{prefix}/email/{(await IdsSentToAsync(to))[0]}/download");
    }

    private static async Task<MimeMessage?> FindAsync(string to, Func<MimeMessage, bool>? match)
    {
        foreach (var id in await IdsSentToAsync(to))
        {
            var message = await DownloadAsync(id);
            if (match is null || match(message))
                return message;
        }
        return null;
    }

    private static string? apiPrefix;

    // MailDev 3 serves its REST API under /api; older releases at the root. Find out once.
    private static async Task<string> ApiPrefixAsync()
    {
        if (apiPrefix is not null)
            return apiPrefix;
        using var response = await Http.GetAsync("/api/email");
        return apiPrefix = response.StatusCode == HttpStatusCode.NotFound ? "" : "/api";
    }

    private static async Task<List<string>> IdsSentToAsync(string address)
    {
        var prefix = await ApiPrefixAsync();
        using var doc = JsonDocument.Parse(await Http.GetStringAsync($"{prefix}/email"));
        var ids = new List<string>();
        foreach (var mail in doc.RootElement.EnumerateArray())
        {
            if (!mail.TryGetProperty("to", out var recipients) || recipients.ValueKind != JsonValueKind.Array)
                continue;
            if (recipients.EnumerateArray().Any(r =>
                    r.TryGetProperty("address", out var a) && string.Equals(a.GetString(), address, StringComparison.OrdinalIgnoreCase)))
                ids.Add(mail.GetProperty("id").GetString()!);
        }
        return ids;
    }

    private static async Task<MimeMessage> DownloadAsync(string id)
    {
        var prefix = await ApiPrefixAsync();
        await using var eml = await Http.GetStreamAsync($"{prefix}/email/{id}/download");
        using var buffer = new MemoryStream();
        await eml.CopyToAsync(buffer);
        buffer.Position = 0;
        return await MimeMessage.LoadAsync(buffer);
    }
}
