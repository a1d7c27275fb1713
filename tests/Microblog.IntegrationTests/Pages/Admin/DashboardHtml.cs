using System.Text.RegularExpressions;

namespace Microblog.IntegrationTests.Pages.Admin;

/// <summary>Just enough HTML reading for the dashboard's tables.</summary>
internal static class DashboardHtml
{
    /// <summary>The table row that carries <paramref name="marker"/> (e.g. <c>data-queue="x"</c>).</summary>
    public static string Row(string html, string marker)
    {
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no row with {marker}");
        var start = html.LastIndexOf("<tr", at, StringComparison.Ordinal);
        return html[start..(html.IndexOf("</tr>", at, StringComparison.Ordinal) + 5)];
    }

    public static string RowOrEmpty(string html, string marker) => html.Contains(marker) ? Row(html, marker) : "";

    /// <summary>The count a queue row shows for a state.</summary>
    public static string Count(string row, string state) =>
        Regex.Match(row, $"data-state=\"{state}\"\\s+href=\"[^\"]*\">(\\d+)</a>").Groups[1].Value;

    public static IReadOnlyList<string> JobIds(string html) =>
        [.. Regex.Matches(html, "<tr class=\"job\" data-job-id=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];
}
