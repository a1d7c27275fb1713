using System.Net;

namespace Microblog.IntegrationTests.Infrastructure;

public static class Html
{
    /// <summary>The text as Razor writes it into a page (HTML-encoded).</summary>
    public static string Encoded(string text) => WebUtility.HtmlEncode(text);
}
