using Authz.Api.V1;
using Authz.Gateway.Security;
using Authz.Grains;
using Authz.Grains.Domain;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;

namespace Authz.Gateway.Services;

/// <summary>
/// Signing in and following links: open to unauthenticated callers, so rate-limited per source
/// (<see cref="AnonymousCallerLimits"/>), and answering an unknown organization exactly as an unknown user, before any
/// of its grains is touched.
/// </summary>
public sealed class SessionsService(IGrainFactory grains, TokenService tokens, KnownOrganizations organizations) : Sessions.SessionsBase
{
    [EnableRateLimiting(AnonymousCallerLimits.SessionPolicy)]
    public override async Task<RedeemLinkResponse> RedeemLink(RedeemLinkRequest request, ServerCallContext context)
    {
        var user = grains.User(request.OrganizationId, request.UserId);
        var token = string.IsNullOrEmpty(request.Token) ? throw DomainException.Invalid("token", "token is required") : request.Token;

        // A link for nobody is just an invalid link: the answer must not tell which organizations or user ids exist.
        var invalid = new DomainException(DomainError.PermissionDenied, "this link is not valid: it was used already, replaced by a newer one, or never issued");
        if (!await organizations.ExistsAsync(request.OrganizationId))
        {
            throw invalid;
        }

        LinkPurpose purpose;
        try
        {
            purpose = await user.RedeemLinkAsync(token, request.Password);
        }
        catch (DomainException error) when (error.Error == DomainError.NotFound)
        {
            throw invalid;
        }

        return new RedeemLinkResponse { Purpose = purpose == LinkPurpose.Activation ? "activation" : "password_reset" };
    }

    [EnableRateLimiting(AnonymousCallerLimits.SessionPolicy)]
    public override async Task<SessionToken> SignIn(SignInRequest request, ServerCallContext context)
    {
        var directory = grains.UserDirectory(request.OrganizationId);
        var email = Ids.RequireEmail(request.Email, "email");
        var profile = await organizations.ExistsAsync(request.OrganizationId) ? await directory.FindByEmailAsync(email) : null;
        if (profile is null)
        {
            UserAccount.VerifyWithoutAccount(request.Password);
            throw UserAccount.SignInRefused();
        }

        var facts = await grains.User(request.OrganizationId, profile.UserId).SignInAsync(request.Password);
        var (token, expires) = tokens.Issue(request.OrganizationId, profile.UserId, facts.SessionGeneration);
        return new SessionToken { AccessToken = token, ExpireTime = Timestamp.FromDateTimeOffset(expires) };
    }

    public override async Task<SessionToken> Impersonate(ImpersonateRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var facts = await grains.Organization(request.OrganizationId).ApproveImpersonationAsync(caller, request.UserId);
        var (token, expires) = tokens.Issue(request.OrganizationId, request.UserId, facts.SessionGeneration, caller.Id);
        return new SessionToken { AccessToken = token, ExpireTime = Timestamp.FromDateTimeOffset(expires) };
    }
}
