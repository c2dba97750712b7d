namespace Authz.Grains.Domain;

/// <summary>One organization's withdrawal from an API key made for several organizations.</summary>
[GenerateSerializer, Immutable, Alias("authz.ShareRevocation")]
public sealed record ShareRevocation([property: Id(0)] string OrganizationId, [property: Id(1)] DateTimeOffset RevokeTime);

/// <summary>
/// An API key as stored: the SHA-256 of its secret, never the secret, and the organizations it was made for
/// (sorted ordinally). A key the operator made for several organizations is shared by them: each organization sees
/// and revokes only its own share, so one tenant can neither learn who else the key serves nor cut the others off;
/// the operator revokes the key as a whole.
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.ApiKey")]
public sealed record ApiKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string[] OrganizationIds,
    [property: Id(3)] byte[] SecretHash,
    [property: Id(4)] DateTimeOffset CreateTime,
    [property: Id(5)] string CreatedBy,
    [property: Id(6)] DateTimeOffset? RevokeTime,
    [property: Id(7)] ShareRevocation[]? RevokedShares = null)
{
    /// <summary>The organizations the key works for now, sorted ordinally: none once the whole key is revoked.</summary>
    public string[] ServedOrganizationIds => RevokeTime is null ? OrganizationIds.Where(id => ShareRevokeTime(id) is null).ToArray() : [];

    /// <summary>
    /// The key as <paramref name="caller"/> sees it among <paramref name="organizationId"/>'s keys: whole for the
    /// operator; for anyone else, that organization's share alone, revoked when the share or the whole key is.
    /// </summary>
    public ApiKey SeenBy(Caller caller, string organizationId) => caller.Kind == CallerKind.Operator
        ? this
        : this with { OrganizationIds = [organizationId], RevokeTime = RevokeTime ?? ShareRevokeTime(organizationId), RevokedShares = [] };

    /// <summary>
    /// The key after <paramref name="caller"/> revokes it in <paramref name="organizationId"/>: the operator, or the
    /// only organization of a key, revokes it whole; an organization sharing it withdraws only its share. NotFound
    /// when the key is not one of that organization's; revoking again changes nothing (the same instance).
    /// </summary>
    public ApiKey RevokeBy(Caller caller, string organizationId, DateTimeOffset now)
    {
        if (!OrganizationIds.Contains(organizationId, StringComparer.Ordinal))
        {
            throw DomainException.NotFound("API key", KeyId);
        }

        if (caller.Kind == CallerKind.Operator || OrganizationIds.Length == 1)
        {
            return RevokeTime is null ? this with { RevokeTime = now } : this;
        }

        return ShareRevokeTime(organizationId) is null ? this with { RevokedShares = [.. RevokedShares ?? [], new ShareRevocation(organizationId, now)] } : this;
    }

    private DateTimeOffset? ShareRevokeTime(string organizationId) =>
        RevokedShares?.FirstOrDefault(share => string.Equals(share.OrganizationId, organizationId, StringComparison.Ordinal))?.RevokeTime;
}
