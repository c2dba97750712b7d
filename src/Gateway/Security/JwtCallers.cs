using Authz.Grains;
using Authz.Grains.Domain;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Authz.Gateway.Security;

/// <summary>
/// Turns a valid JWT into a caller, if the account still allows it: the user exists, is active, and the token
/// belongs to their current session generation (suspension, a password reset and "end sessions" bump it); an
/// impersonation token also needs its administrator to still hold the permission to impersonate.
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
        AccountFacts facts;
        try
        {
            facts = await grains.User(token.OrganizationId, token.UserId).GetAccountFactsAsync();
        }
        catch (DomainException)
        {
            context.Fail("the token's user does not exist");
            return;
        }

        if (facts.Status != UserStatus.Active)
        {
            context.Fail("the account is not active");
        }
        else if (facts.SessionGeneration != token.SessionGeneration)
        {
            context.Fail("the session was ended");
        }
        else if (token.ImpersonatorId is { } impersonator
            && !(await grains.Organization(token.OrganizationId).GetAdminPermissionsAsync(impersonator)).Contains(AdminPermissions.Impersonate))
        {
            context.Fail("the administrator who signed in as this user may no longer do so (ADM-7)");
        }
        else
        {
            context.HttpContext.SetCaller(Caller.User(token.OrganizationId, token.UserId, facts.Email, token.ImpersonatorId));
        }
    }
}
