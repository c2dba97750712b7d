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
}
