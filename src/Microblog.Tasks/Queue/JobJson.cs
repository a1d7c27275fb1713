using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Microblog.Tasks.Queue;

/// <summary>
/// One set of JSON settings for arguments, meta and results, so what is written reads back the same; and the
/// encodings RQ 1.13 uses with its <c>JSONSerializer</c>, so RQ's tools and ours read each other's jobs.
/// </summary>
internal static class JobJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static JsonElement[] ToElements(object?[] args) =>
        args.Select(a => JsonSerializer.SerializeToElement(a, a?.GetType() ?? typeof(object), Options)).ToArray();

    /// <summary>RQ's <c>data</c> field: the serialised <c>(func_name, instance, args, kwargs)</c>, left uncompressed (RQ accepts both).</summary>
    public static string Data(string name, IReadOnlyList<JsonElement> args) =>
        JsonSerializer.Serialize(new object?[] { name, null, args, new Dictionary<string, object>() }, Options);

    /// <summary>Reads RQ's <c>data</c> field, zlib-compressed (as RQ writes it) or not; throws <see cref="FormatException"/> with the reason.</summary>
    public static (string Name, JsonElement[] Args) ReadData(byte[] raw)
    {
        JsonElement tuple;
        try
        {
            tuple = JsonSerializer.Deserialize<JsonElement>(Inflated(raw));
        }
        catch (JsonException)
        {
            throw new FormatException(
                "its data is not JSON (RQ's default serializer pickles it): enqueue from RQ with serializer=rq.serializers.JSONSerializer.");
        }
        if (tuple is not { ValueKind: JsonValueKind.Array } || tuple.GetArrayLength() != 4 || tuple[0].ValueKind != JsonValueKind.String)
            throw new FormatException("its data is not RQ's [func_name, instance, args, kwargs].");
        if (tuple[1].ValueKind != JsonValueKind.Null)
            throw new FormatException($"it calls a method of an instance ({tuple[0].GetString()}); only functions by name can run here.");
        if (tuple[3] is { ValueKind: JsonValueKind.Object } kwargs && kwargs.EnumerateObject().Any())
            throw new FormatException($"it passes keyword arguments to {tuple[0].GetString()}; handlers here take positional arguments only.");
        var args = tuple[2].ValueKind == JsonValueKind.Array ? [.. tuple[2].EnumerateArray().Select(a => a.Clone())] : Array.Empty<JsonElement>();
        return (tuple[0].GetString()!, args);
    }

    /// <summary>A text field RQ may have zlib-compressed (<c>exc_info</c>, <c>data</c>); plain text is returned as it is.</summary>
    public static string Text(byte[] raw) => Encoding.UTF8.GetString(Inflated(raw));

    /// <summary>A result stream's <c>return_value</c>: the serialised value, base64-encoded.</summary>
    public static string StreamValue(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    /// <summary>A result stream's <c>exc_string</c>: zlib-compressed, then base64-encoded (Redis' Lua has no zlib).</summary>
    public static string StreamException(string excInfo)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest))
            zlib.Write(Encoding.UTF8.GetBytes(excInfo));
        return Convert.ToBase64String(buffer.ToArray());
    }

    private static byte[] Inflated(byte[] raw)
    {
        // A zlib stream starts with 0x78; JSON and plain text never do.
        if (raw.Length < 2 || raw[0] != 0x78)
            return raw;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            zlib.CopyTo(plain);
            return plain.ToArray();
        }
        catch (InvalidDataException)
        {
            return raw;
        }
    }
}
