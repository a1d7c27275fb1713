using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microblog.Tasks.Jobs;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;
using Microsoft.Net.Http.Headers;

namespace Microblog.Web;

/// <summary>
/// English and Spanish, chosen per request by its Accept-Language (microblog's
/// <c>request.accept_languages.best_match</c>); English when it names neither. The admin dashboard stays English.
/// </summary>
public static class Localization
{
    public static IServiceCollection AddMicroblogLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Razor writes "¿Usuario nuevo?" as it is, not as "&#xBF;Usuario nuevo?": HTML's special characters are
        // still encoded, only letters outside ASCII are left alone.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(TaskCulture.Supported[0]).AddSupportedCultures(TaskCulture.Supported).AddSupportedUICultures(TaskCulture.Supported);
            // The header alone: no cookie or query string to remember, as microblog does. "es-MX" falls back to "es".
            // A browser may list several languages before Spanish; the provider reads only 3 unless told otherwise.
            o.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 10 }];
        });
        return services;
    }

    /// <summary>Before the exception handler, so error pages and rate-limit answers speak the request's language too.</summary>
    public static WebApplication UseMicroblogLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }

    /// <summary>After the static files (which read the same in every language): a shared cache must not serve one reader's page to another.</summary>
    public static WebApplication UseVaryByLanguage(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptLanguage);
            return next(context);
        });
        return app;
    }
}
