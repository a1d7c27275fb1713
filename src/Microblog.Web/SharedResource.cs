namespace Microblog.Web;

/// <summary>
/// Names the web app's one resource set, <c>Resources/SharedResource.resx</c> (English) and its translations
/// (<c>SharedResource.es.resx</c>): every user-facing string of pages, flashes, validation and Identity errors,
/// keyed by its English text. Inject <c>IStringLocalizer&lt;SharedResource&gt;</c>.
/// </summary>
public sealed class SharedResource;
