using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Authz.Gateway.Security;

/// <summary>Issues the service's bearer tokens (JWT, HMAC-SHA256) and says how they are validated.</summary>
public sealed class TokenService(AuthOptions options, TimeProvider time)
{
    public const string OrganizationClaim = "org";
    public const string SessionGenerationClaim = "sgen";
    public const string ActorClaim = "act";

    private readonly SymmetricSecurityKey[] _keys = options.SigningKeys.Select(key => new SymmetricSecurityKey(Convert.FromBase64String(key))).ToArray();

    public (string Token, DateTimeOffset ExpireTime) Issue(string organizationId, string userId, long sessionGeneration, string? impersonatorId = null)
    {
        var now = time.GetUtcNow();
        var expires = now + (impersonatorId is null ? options.TokenLifetime : options.ImpersonationLifetime);
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = userId,
            [OrganizationClaim] = organizationId,
            [SessionGenerationClaim] = sessionGeneration,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (impersonatorId is not null)
        {
            claims[ActorClaim] = impersonatorId;
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_keys[0], SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKeys = _keys,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Sub,
    };

    public static (string OrganizationId, string UserId, long SessionGeneration, string? ImpersonatorId)? Read(ClaimsPrincipal principal)
    {
        var organizationId = principal.FindFirst(OrganizationClaim)?.Value;
        var userId = principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (organizationId is null || userId is null)
        {
            return null;
        }

        var generation = long.TryParse(principal.FindFirst(SessionGenerationClaim)?.Value, out var parsed) ? parsed : 0;
        return (organizationId, userId, generation, principal.FindFirst(ActorClaim)?.Value);
    }
}
