namespace Microblog.Tasks.Jobs;

/// <summary>
/// <c>APP_URL</c>, the site's public base URL: jobs build absolute links from it, never from a request's Host
/// header (which the sender of the request chooses). The web app registers it from its settings.
/// </summary>
public sealed record PublicUrl(Uri Base)
{
    /// <summary>The absolute URL of <paramref name="path"/> (starting with '/'), keeping a path in the base.</summary>
    public string To(string path) => Base.ToString().TrimEnd('/') + path;
}
