using Authz.Grains.Domain;

namespace Authz.Grains.ApiKeys;

/// <summary>An API key as stored: the SHA-256 of its secret, never the secret, and the organizations it serves.</summary>
[GenerateSerializer, Immutable, Alias("authz.ApiKey")]
public sealed record ApiKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string[] OrganizationIds,
    [property: Id(3)] byte[] SecretHash,
    [property: Id(4)] DateTimeOffset CreateTime,
    [property: Id(5)] string CreatedBy,
    [property: Id(6)] DateTimeOffset? RevokeTime);

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

    [Alias("Revoke")]
    Task<ApiKey> RevokeAsync();
}
