using Microblog.Data;
using Microblog.Tasks;
using Microblog.Tasks.Jobs;
using Microblog.Tasks.Mail;
using Microblog.Web.Configuration;
using Microblog.Web.Endpoints;
using Microblog.Web.Logging;
using Microblog.Web.Pages.Admin;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microblog.Web;

public static class MicroblogWebExtensions
{
    public static WebApplicationBuilder AddMicroblogWeb(this WebApplicationBuilder builder, MicroblogSettings settings)
    {
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(Options.Create(settings.Microblog));
        services.AddSingleton(new PublicUrl(settings.Microblog.AppUrl));
        services.AddHardening(settings.Microblog, builder.Environment);
        services.AddRateLimits();
        services.AddMicroblogData(settings.Database);
        services.AddMail(settings.Mail);
        services.AddMicroblogTasks(settings.Redis, settings.Microblog.TaskQueue);
        // Connects lazily on first use and reconnects by itself (AbortOnConnectFail = false). The job queue does not
        // use it: AddMicroblogTasks opens the queue's own connections from the same settings.
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(settings.Redis));

        // Keys in PostgreSQL: cookies and reset links survive restarts and work across web processes.
        services.AddDataProtection().SetApplicationName("Microblog").PersistKeysToDbContext<MicroblogDbContext>();

        services.AddIdentity<AppUser, IdentityRole<int>>(o =>
            {
                // Length over composition rules (NIST SP 800-63B); the demo password "microblog" passes.
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.User.RequireUniqueEmail = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddEntityFrameworkStores<MicroblogDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrors>();
        // Signed-in sessions re-read their roles this often, so `admin revoke` takes effect within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/auth/login";
            o.LogoutPath = "/auth/logout";
            o.AccessDeniedPath = "/error/403";
            o.ReturnUrlParameter = "next";
            o.Cookie.Name = "microblog";
            o.SlidingExpiration = true;
            // Identity's validator is resolved, with SignInManager's whole graph, on every request, though it acts only
            // once per ValidationInterval: that resolution was 9% of /'s CPU under wrk. Its own interval test comes first.
            o.Events.OnValidatePrincipal = context =>
            {
                var stamps = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
                var issued = context.Properties.IssuedUtc;
                return issued is not null && (stamps.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued.Value <= stamps.ValidationInterval
                    ? Task.CompletedTask
                    : SecurityStampValidator.ValidatePrincipalAsync(context);
            };
        });

        services.AddMicroblogLocalization();
        services.AddRazorPages(o =>
        {
            o.Conventions.AddPageRoute("/Index", "index");
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToFolder("/Auth");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AddPageApplicationModelConvention("/Auth/Login", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.Login)));
            o.Conventions.AddPageApplicationModelConvention("/Auth/ResetPasswordRequest", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.ResetRequest)));
            o.Conventions.AddPageApplicationModelConvention("/SendTestEmail", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.TestMail)));
            o.Conventions.AddFolderApplicationModelConvention("/Admin", m => m.Filters.Add(new InvariantCultureFilter()));
        })
            .AddViewLocalization()
            // Validation messages and display names are keys of the shared resources.
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.AddAdminPolicy();
        services.AddMemoryCache();
        builder.AddMicroblogLogging();
        services.AddSingleton<LastSeenMiddleware>();
        services.AddSingleton<NotificationWaiters>();
        services.AddHostedService<NotificationListener>();
        return builder;
    }

    public static WebApplication UseMicroblogWeb(this WebApplication app)
    {
        app.UseHardening(app.Services.GetRequiredService<IOptions<MicroblogOptions>>().Value);
        app.UseMicroblogLocalization();
        // Friendly pages, never a stack trace: exceptions become /error/500 (503 when PostgreSQL or Redis is down),
        // bodiless 4xx/5xx re-run /error/{code}.
        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseVaryByLanguage();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseMiddleware<LastSeenMiddleware>();

        // Answered straight from routing: no cookie, database or Redis is touched, so it stays 200 while they are down.
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).ShortCircuit();
        app.MapReadiness();
        app.MapNotifications();
        app.MapTaskApi();
        app.MapAvatars();
        app.MapJobStats();
        app.MapArchives();
        app.MapRazorPages();
        return app;
    }
}
