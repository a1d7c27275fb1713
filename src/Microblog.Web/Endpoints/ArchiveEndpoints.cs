using System.Globalization;
using Microblog.Data;
using Microblog.Tasks.Jobs;
using Microblog.Web.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace Microblog.Web.Endpoints;

/// <summary>
/// <c>GET /archives/{token}</c>: a stored export, for its owner only, while its link lasts. Streamed chunk by chunk
/// from PostgreSQL to the response, so a download holds one read buffer whatever the archive's size.
/// </summary>
public static class ArchiveEndpoints
{
    public static IEndpointRouteBuilder MapArchives(this IEndpointRouteBuilder app)
    {
        app.MapGet(ArchiveLinks.PathPrefix + "{token}", DownloadAsync).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> DownloadAsync(
        string token, HttpContext http, ArchiveLinks links, MicroblogDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var me = http.User.RequiredUserId();
        // A forged link and someone else's get the same plain 404: neither learns whether the archive exists.
        if (links.Read(token) is not { } link || link.UserId != me)
            return Results.NotFound();
        if (link.ExpiresAt <= clock.GetUtcNow().UtcDateTime)
            return Explained(http, StatusCodes.Status410Gone, text["This download link expired on {0} UTC. Export your posts again for a new one.",
                link.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]);
        var archive = await db.Archives.AsNoTracking().SingleOrDefaultAsync(a => a.Id == link.ArchiveId && a.UserId == me, ct);
        // A newer export made this one expire early (Archives.StoreArchiveAsync): its link says so, not "expired on".
        if (archive is null || archive.ExpiresAt <= clock.GetUtcNow().UtcDateTime)
            return Explained(http, StatusCodes.Status404NotFound, text["This archive is no longer available. Export your posts again for a new one."]);

        var response = http.Response;
        response.ContentType = archive.ContentType;
        response.ContentLength = archive.Size;
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = archive.FileName, FileNameStar = archive.FileName }.ToString();
        response.Headers.CacheControl = "private, no-store";
        await db.CopyArchiveAsync(archive.Id, response.Body, ct);
        return Results.Empty;
    }

    /// <summary>The error page for <paramref name="status"/>, saying <paramref name="sentence"/> instead of its generic text.</summary>
    private static IResult Explained(HttpContext http, int status, string sentence)
    {
        http.Items[ErrorModel.MessageKey] = sentence;
        return Results.StatusCode(status);
    }
}
