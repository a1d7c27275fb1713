using Microblog.Data;
using Microsoft.AspNetCore.Identity;

namespace Microblog.Web.Commands;

/// <summary>
/// <c>Microblog.Web admin grant|revoke &lt;username&gt;</c>: the only way to make someone an admin in Production.
/// Exit codes: 0 done (also when nothing had to change), 1 no such user, 2 usage.
/// </summary>
public static class AdminCommand
{
    private const string Usage = "Usage: Microblog.Web admin grant|revoke <username>";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args is not [var verb, var username] || verb is not ("grant" or "revoke"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(username);
        if (user is null)
        {
            Console.Error.WriteLine($"admin: no user named '{username}'.");
            return 1;
        }

        var changed = verb == "grant" ? await GrantAsync(scope.ServiceProvider, user) : await RevokeAsync(users, user);
        Console.WriteLine(changed
            ? $"admin: {(verb == "grant" ? "granted the admin role to" : "revoked the admin role from")} {user.UserName}."
            : $"admin: {user.UserName} {(verb == "grant" ? "is already" : "is not")} an admin; nothing changed.");
        return 0;
    }

    /// <summary>Puts <paramref name="user"/> in the admin role, creating the role on first use. False when already in it.</summary>
    public static async Task<bool> GrantAsync(IServiceProvider services, AppUser user)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole<int>>>();
        var users = services.GetRequiredService<UserManager<AppUser>>();
        if (!await roles.RoleExistsAsync(AdminRequirement.Role))
            Check(await roles.CreateAsync(new IdentityRole<int>(AdminRequirement.Role)));
        if (await users.IsInRoleAsync(user, AdminRequirement.Role))
            return false;
        Check(await users.AddToRoleAsync(user, AdminRequirement.Role));
        // A new stamp makes signed-in sessions pick up the role at their next validation.
        Check(await users.UpdateSecurityStampAsync(user));
        return true;
    }

    private static async Task<bool> RevokeAsync(UserManager<AppUser> users, AppUser user)
    {
        if (!await users.IsInRoleAsync(user, AdminRequirement.Role))
            return false;
        Check(await users.RemoveFromRoleAsync(user, AdminRequirement.Role));
        // Sessions that still carry the role lose it at their next validation (SecurityStampValidationInterval).
        Check(await users.UpdateSecurityStampAsync(user));
        return true;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
