using Microblog.Web.Endpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Microblog.Web;

/// <summary>
/// The <c>Admin</c> policy: a signed-in user in the Identity role <c>admin</c>. Only <c>Microblog.Web admin grant</c>
/// (and <c>seed</c> in Development) puts someone in it; an email address, which registration never confirms, does not.
/// </summary>
public static class AdminRequirement
{
    public const string Policy = "Admin";
    public const string Role = "admin";
}

/// <summary>Marks an endpoint a script calls: refused, it answers JSON with a sentence rather than redirect to a page.</summary>
public sealed class ScriptEndpointMetadata;

/// <summary>
/// A signed-in user outside the role gets a plain 403 (the cookie handler would redirect to an access-denied page);
/// an anonymous visitor goes to the login page like everywhere else, except on a script's endpoint (401 JSON).
/// </summary>
public sealed class AdminForbiddenResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        var admins = policy.Requirements.OfType<RolesAuthorizationRequirement>().Any(r => r.AllowedRoles.Contains(AdminRequirement.Role));
        var script = context.GetEndpoint()?.Metadata.GetMetadata<ScriptEndpointMetadata>() is not null;
        if (result.Challenged && script)
            return ScriptErrors.LoginRequired(context).ExecuteAsync(context);
        if (result.Forbidden && context.User.Identity?.IsAuthenticated == true && admins)
        {
            if (script)
                return ScriptErrors.Error(StatusCodes.Status403Forbidden, "Administrators only.").ExecuteAsync(context);
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
        services.AddAuthorizationBuilder().AddPolicy(AdminRequirement.Policy, p => p.RequireAuthenticatedUser().RequireRole(AdminRequirement.Role));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AdminForbiddenResultHandler>();
        return services;
    }
}
