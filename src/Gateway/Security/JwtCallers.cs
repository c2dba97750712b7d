using Authz.Grains;
using Authz.Grains.Domain;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Authz.Gateway.Security;

/// <summary>
/// Turns a valid JWT into a caller, if the account still allows it: the user exists, is active, and the token
/// belongs to their current session generation (suspension, a password reset and "end sessions" bump it); an
/// impersonation token also needs its administrator to still exist, be active and hold the permission to impersonate.
/// Anything else leaves the caller anonymous, so the call is refused with UNAUTHENTICATED.
/// </summary>
public static class JwtCallers
{
    public static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        if (context.Principal is null || TokenService.Read(context.Principal) is not { } token)
        {
            context.Fail("the token names no organization or user");
            return;
        }

        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        try
        {
            var facts = await grains.User(token.OrganizationId, token.UserId).GetAccountFactsAsync();
            var refusal = facts.Status != UserStatus.Active ? "the account is not active"
                : facts.SessionGeneration != token.SessionGeneration ? "the session was ended"
                : token.ImpersonatorId is { } impersonator && !await MayStillImpersonateAsync(grains, token.OrganizationId, impersonator)
                    ? "the administrator who signed in as this user may no longer do so (ADM-7)"
                    : null;
            if (refusal is null)
            {
                context.HttpContext.SetCaller(Caller.User(token.OrganizationId, token.UserId, facts.Email, token.ImpersonatorId));
            }
            else
            {
                context.Fail(refusal);
            }
        }
        catch (DomainException error)
        {
            // The organization, the user or the impersonating administrator no longer exists.
            context.Fail(error.Message);
        }
    }

    private static async Task<bool> MayStillImpersonateAsync(IGrainFactory grains, string organizationId, string administratorId) =>
        (await grains.User(organizationId, administratorId).GetAccountFactsAsync()).Status == UserStatus.Active
        && (await grains.Organization(organizationId).GetAdminPermissionsAsync(administratorId)).Contains(AdminPermissions.Impersonate);
}
