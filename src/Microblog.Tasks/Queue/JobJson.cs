using System.Text.Json;

namespace Microblog.Tasks.Queue;

/// <summary>One set of JSON settings for arguments, meta and results, so what is written reads back the same.</summary>
internal static class JobJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static JsonElement[] ToElements(object?[] args) =>
        args.Select(a => JsonSerializer.SerializeToElement(a, a?.GetType() ?? typeof(object), Options)).ToArray();
}
