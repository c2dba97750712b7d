using Authz.Grains.Domain;

namespace Authz.Grains.ApiKeys;

/// <summary>One partner platform's API key. Keyed by key id; the id is public, the secret is not.</summary>
[Alias("authz.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>AlreadyExists if the id is taken.</summary>
    [Alias("Create")]
    Task<ApiKey> CreateAsync(string displayName, string[] organizationIds, byte[] secretHash, string createdBy);

    /// <summary>The key, or null if there is none with this id.</summary>
    [Alias("Find"), ReadOnly]
    Task<ApiKey?> FindAsync();

    /// <summary>Revoked by <paramref name="caller"/> in <paramref name="organizationId"/> (<see cref="ApiKey.RevokeBy"/>).</summary>
    [Alias("Revoke")]
    Task<ApiKey> RevokeAsync(Caller caller, string organizationId);
}
