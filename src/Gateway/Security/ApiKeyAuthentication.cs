using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Authz.Grains;
using Authz.Grains.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Authz.Gateway.Security;

/// <summary>API key credentials: <c>ak_&lt;key id&gt;_&lt;secret&gt;</c>. Only the SHA-256 of the secret is stored.</summary>
public static class ApiKeyCredential
{
    public const string Prefix = "ak_";

    public static (string KeyId, string Secret) Create()
    {
        var keyId = Ids.NewId();
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (keyId, secret);
    }

    public static string Format(string keyId, string secret) => $"{Prefix}{keyId}_{secret}";

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool TryParse(string credential, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (!credential.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var separator = credential.IndexOf('_', Prefix.Length);
        if (separator < 0)
        {
            return false;
        }

        keyId = credential[Prefix.Length..separator];
        secret = credential[(separator + 1)..];
        return Ids.IsValid(keyId) && secret.Length > 0;
    }
}

/// <summary>
/// Keys read from their grains and kept for <see cref="Lifetime"/>, so the check path does not pay a grain call
/// per request; a revocation reaches other gateways within that time. Only keys that exist are kept, and at most
/// <see cref="Capacity"/> of them: ids that name no key, however many, leave nothing behind.
/// </summary>
public sealed class ApiKeyCache(IGrainFactory grains, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    /// <summary>Beyond this many keys in use at once, a key's check pays a grain call.</summary>
    public const int Capacity = 10_000;

    private static readonly MemoryCacheEntryOptions OneEntry = new() { Size = 1 };

    private readonly MemoryCache _keys = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public int Count => _keys.Count;

    public async ValueTask<Caller?> AuthenticateAsync(string credential)
    {
        if (!ApiKeyCredential.TryParse(credential, out var keyId, out var secret))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (!_keys.TryGetValue(keyId, out CachedKey? cached) || now - cached!.ReadTime > Lifetime)
        {
            if (await grains.ApiKey(keyId).FindAsync() is not { } found)
            {
                return null;
            }

            cached = new CachedKey(found, now);
            _keys.Set(keyId, cached, OneEntry);
        }

        return cached.Key is { ServedOrganizationIds: { Length: > 0 } served } key && CryptographicOperations.FixedTimeEquals(key.SecretHash, ApiKeyCredential.Hash(secret))
            ? Caller.Platform(key.KeyId, served)
            : null;
    }

    public void Forget(string keyId) => _keys.Remove(keyId);

    public void Dispose() => _keys.Dispose();

    private sealed record CachedKey(ApiKey Key, DateTimeOffset ReadTime);
}

/// <summary>Authenticates the operator key and partner platforms' API keys from <c>authorization: Bearer</c>.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AuthOptions auth, ApiKeyCache keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerCredential.From(Request) is not { } credential)
        {
            return AuthenticateResult.NoResult();
        }

        var caller = IsOperatorKey(credential) ? Caller.Operator : await keys.AuthenticateAsync(credential);
        if (caller is null)
        {
            return AuthenticateResult.Fail("unknown or revoked key");
        }

        Context.SetCaller(caller);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, caller.Id)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private bool IsOperatorKey(string credential) =>
        auth.OperatorKey is { Length: > 0 } key
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(credential), Encoding.UTF8.GetBytes(key));
}

public static class BearerCredential
{
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }

    /// <summary>A JWT has three dot-separated parts; API keys and the operator key have none.</summary>
    public static bool IsJwt(string credential) => credential.Count(c => c == '.') == 2;
}
