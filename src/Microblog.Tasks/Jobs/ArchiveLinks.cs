using System.Globalization;
using System.Security.Cryptography;
using Microblog.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Microblog.Tasks.Jobs;

/// <summary>What a valid archive link says: which archive, whose, and until when it may be downloaded.</summary>
public readonly record struct ArchiveLink(Guid ArchiveId, int UserId, DateTime ExpiresAt);

/// <summary>
/// The download links of stored archives, <c>/archives/{token}</c>: the token is the archive id, its owner and its
/// expiry, encrypted and signed by ASP.NET Data Protection with the keys web and worker share through PostgreSQL, so
/// the worker writes links that the web app reads and nobody can forge or stretch one. The link alone is not enough:
/// the download also needs its owner logged in.
/// </summary>
public sealed class ArchiveLinks(IDataProtectionProvider protection, PublicUrl site)
{
    public const string PathPrefix = "/archives/";

    private readonly IDataProtector protector = protection.CreateProtector("Microblog.ArchiveLinks.v1");

    public string PathOf(Archive archive) =>
        PathPrefix + protector.Protect(string.Create(CultureInfo.InvariantCulture,
            $"{archive.Id:N}|{archive.UserId}|{archive.ExpiresAt.Ticks}"));

    /// <summary>The absolute link for mail, built from <c>APP_URL</c>.</summary>
    public string UrlOf(Archive archive) => site.To(PathOf(archive));

    /// <summary>Null for anything this app did not sign: tampered, truncated, or made with other keys.</summary>
    public ArchiveLink? Read(string token)
    {
        string payload;
        try
        {
            payload = protector.Unprotect(token);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
        var parts = payload.Split('|');
        return parts.Length == 3
            && Guid.TryParseExact(parts[0], "N", out var id)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new ArchiveLink(id, userId, new DateTime(ticks, DateTimeKind.Utc))
            : null;
    }
}
