using Authz.Grains.Domain;

namespace Authz.Grains.Organizations;

[GenerateSerializer, Alias("authz.OrganizationState")]
public sealed class OrganizationState
{
    /// <summary>Null until the organization is created.</summary>
    [Id(0)]
    public OrganizationProfile? Profile { get; set; }

    [Id(1)]
    public RoleCatalog Roles { get; set; } = new();

    [Id(2)]
    public UnitTree Units { get; set; } = new();

    [Id(3)]
    public Administrators Administrators { get; set; } = new();

    [Id(4)]
    public Officers Officers { get; set; } = Officers.None;

    [Id(5)]
    public OrganizationSettings Settings { get; set; } = OrganizationSettings.Default;

    /// <summary>The API keys that serve this organization, by id.</summary>
    [Id(6)]
    public SortedSet<string> ApiKeyIds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Licenses bought (the matrix's "add licenses"); recorded for billing, not a cap on users.</summary>
    [Id(7)]
    public int Licenses { get; set; }
}
