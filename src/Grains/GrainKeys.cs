using Authz.Grains.Domain;

namespace Authz.Grains;

/// <summary>
/// The one place grain keys are built and read. Keys are tenant-scoped (<c>acme/unit/emea</c>); both parts
/// are validated ids, which never contain '/', so a key cannot be forged to reach another tenant (ORG-1).
/// </summary>
public static class GrainKeys
{
    private const string UnitSegment = "/unit/";
    private const string UserSegment = "/user/";

    public static string Organization(string organizationId) => Ids.Require(organizationId, "organization_id");

    public static string Unit(string organizationId, string unitId) =>
        string.Concat(Ids.Require(organizationId, "organization_id"), UnitSegment, Ids.Require(unitId, "unit_id"));

    /// <summary>The length of <see cref="Unit"/>'s key for ids already validated, for <see cref="WriteUnit"/>.</summary>
    public static int UnitKeyLength(string organizationId, string unitId) => organizationId.Length + UnitSegment.Length + unitId.Length;

    /// <summary><see cref="Unit"/>'s key for ids already validated, written into <paramref name="destination"/> without allocating.</summary>
    public static void WriteUnit(string organizationId, string unitId, Span<char> destination)
    {
        organizationId.CopyTo(destination);
        UnitSegment.CopyTo(destination[organizationId.Length..]);
        unitId.CopyTo(destination[(organizationId.Length + UnitSegment.Length)..]);
    }

    public static string User(string organizationId, string userId) =>
        string.Concat(Ids.Require(organizationId, "organization_id"), UserSegment, Ids.Require(userId, "user_id"));

    public static string AuditSegment(string organizationId, long index) =>
        string.Concat(Ids.Require(organizationId, "organization_id"), "/audit/", index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// The registry shard that holds <paramref name="organizationId"/>: one of <see cref="OrganizationRegistryShards"/>,
    /// by a hash that is the same in every process (FNV-1a), so every gateway and silo asks the same shard.
    /// </summary>
    public static string OrganizationRegistryShard(string organizationId)
    {
        var hash = 2166136261u;
        foreach (var c in Ids.Require(organizationId, "organization_id"))
        {
            hash = (hash ^ c) * 16777619u;
        }

        return string.Concat("organizations/", (hash % OrganizationRegistryShards).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public const int OrganizationRegistryShards = 16;

    public static (string OrganizationId, string UnitId) ParseUnit(string key) => Split(key, UnitSegment);

    public static (string OrganizationId, string UserId) ParseUser(string key) => Split(key, UserSegment);

    private static (string, string) Split(string key, string segment)
    {
        var at = key.IndexOf(segment, StringComparison.Ordinal);
        if (at <= 0)
        {
            throw new ArgumentException($"'{key}' is not a key with '{segment}'", nameof(key));
        }

        return (key[..at], key[(at + segment.Length)..]);
    }
}
