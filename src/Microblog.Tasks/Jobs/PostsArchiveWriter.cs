using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// Streams <c>{"posts": [{"body": ..., "timestamp": ...}, ...]}</c> to a stream, one post at a time, in the
/// shape microblog's <c>json.dumps({'posts': data}, indent=4)</c> produces, so an archive of any size needs
/// only a buffer's worth of memory.
/// </summary>
internal sealed class PostsArchiveWriter : IAsyncDisposable
{
    private const int FlushThreshold = 64 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        IndentSize = 4,
        // The archive is a file for the user, never embedded in HTML, so accents and quotes stay readable
        // instead of becoming \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Stream stream;
    private readonly Utf8JsonWriter json;

    public PostsArchiveWriter(Stream stream)
    {
        this.stream = stream;
        json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteStartArray("posts");
    }

    public int Count { get; private set; }

    public async ValueTask WritePostAsync(string body, DateTime timestamp, CancellationToken ct)
    {
        json.WriteStartObject();
        json.WriteString("body", body);
        json.WriteString("timestamp", FormatTimestamp(timestamp));
        json.WriteEndObject();
        Count++;
        if (json.BytesPending >= FlushThreshold)
            await json.FlushAsync(ct);
    }

    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
        await stream.FlushAsync(ct);
    }

    /// <summary>ISO 8601 in UTC with a Z; fractional seconds only when the stored time has them.</summary>
    public static string FormatTimestamp(DateTime timestamp)
    {
        var utc = timestamp.Kind == DateTimeKind.Local ? timestamp.ToUniversalTime() : timestamp;
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => json.DisposeAsync();
}
