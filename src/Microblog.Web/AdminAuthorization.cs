using System.Security.Claims;
using Microblog.Web.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace Microblog.Web;

/// <summary>The <c>Admin</c> policy: a signed-in user whose email is listed in <c>ADMINS</c>.</summary>
public sealed class AdminRequirement : IAuthorizationRequirement
{
    public const string Policy = "Admin";
}

public sealed class AdminHandler(IOptions<MicroblogOptions> options) : AuthorizationHandler<AdminRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
    {
        // Identity puts the email in the cookie at sign-in; ADMINS is read once at start-up.
        if (context.User.Identity?.IsAuthenticated == true && options.Value.IsAdmin(context.User.FindFirstValue(ClaimTypes.Email)))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Admin-only addresses answer 403 to everyone else, anonymous visitors included: sending them to the login
/// page would suggest that any account gets in. The body comes from the error page (status code re-execution).
/// </summary>
public sealed class AdminForbiddenResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (!result.Succeeded && policy.Requirements.OfType<AdminRequirement>().Any())
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }
        return standard.HandleAsync(next, context, policy, result);
    }
}

public static class AdminAuthorizationExtensions
{
    public static IServiceCollection AddAdminPolicy(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(AdminRequirement.Policy, p => p.AddRequirements(new AdminRequirement()));
        services.AddSingleton<IAuthorizationHandler, AdminHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AdminForbiddenResultHandler>();
        return services;
    }
}
