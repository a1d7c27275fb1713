using Microblog.Web.Configuration;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;

namespace Microblog.Web;

/// <summary>
/// What the app needs behind a TLS proxy and on the open internet: which proxies to believe, which Host names to
/// answer, Secure cookies, HSTS and the usual response headers. Links and redirects never use the Host header:
/// absolute links come from <c>APP_URL</c>, redirects are relative.
/// </summary>
public static class Hardening
{
    /// <summary>Probes may reach the process by its address, over plain HTTP, from inside the platform.</summary>
    private static readonly PathString[] ProbePaths = ["/healthz", "/readyz"];

    /// <summary>
    /// Scripts only from this site (there are no inline scripts); inline style attributes are allowed because
    /// server-rendered progress bars set their width that way; avatars come from Gravatar.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https://www.gravatar.com; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddHardening(this IServiceCollection services, MicroblogOptions options, IHostEnvironment environment)
    {
        var https = options.AppUrl.Scheme == Uri.UriSchemeHttps;
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // X-Forwarded-Host is not read: the public host is APP_URL's. One hop: the nearest trusted proxy's
            // entry of X-Forwarded-For is the client; entries a client wrote itself further left are ignored.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var network in options.TrustedProxies ?? [])
                o.KnownIPNetworks.Add(network);
        });
        if (environment.IsProduction())
        {
            // AllowedHosts "*" (appsettings.json) means "not configured": answer APP_URL's host and the machine's
            // own names (probes), and 400 to any other Host. Setting AllowedHosts explicitly replaces this list.
            services.PostConfigure<HostFilteringOptions>(o =>
            {
                if (o.AllowedHosts.Count == 0 || o.AllowedHosts.Contains("*"))
                    o.AllowedHosts = [options.AppUrl.Host, "localhost", "127.0.0.1", "[::1]"];
            });
            services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        }
        services.Configure<CookiePolicyOptions>(o =>
            o.Secure = https && environment.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        services.PostConfigure<CookieAuthenticationOptions>(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme, o =>
        {
            // The handler's redirect is absolute, built from the request's Host; keep only its path and query.
            o.Events.OnRedirectToLogin = c => RedirectLocally(c.Response, c.RedirectUri);
            o.Events.OnRedirectToAccessDenied = c => RedirectLocally(c.Response, c.RedirectUri);
        });
        return services;
    }

    /// <summary>Runs first: forwarded headers, then the HTTPS redirect and HSTS (Production), then response headers.</summary>
    public static WebApplication UseHardening(this WebApplication app, MicroblogOptions options)
    {
        app.UseForwardedHeaders();
        if (app.Environment.IsProduction())
        {
            if (options.AppUrl.Scheme == Uri.UriSchemeHttps)
                app.Use((context, next) => context.Request.IsHttps || ProbePaths.Any(p => context.Request.Path.StartsWithSegments(p))
                    ? next(context)
                    : RedirectToHttps(context, options.AppUrl));
            app.UseHsts();
        }
        app.UseCookiePolicy();
        var production = app.Environment.IsProduction();
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            if (production)
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return next(context);
        });
        return app;
    }

    private static Task RedirectLocally(HttpResponse response, string uri)
    {
        response.Redirect(Uri.TryCreate(uri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : uri);
        return Task.CompletedTask;
    }

    private static Task RedirectToHttps(HttpContext context, Uri appUrl)
    {
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = appUrl.GetLeftPart(UriPartial.Authority) + context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        return Task.CompletedTask;
    }
}
