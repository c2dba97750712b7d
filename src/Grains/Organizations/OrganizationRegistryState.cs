namespace Authz.Grains.Organizations;

[GenerateSerializer, Alias("authz.OrganizationRegistryState")]
public sealed class OrganizationRegistryState
{
    [Id(0)]
    public HashSet<string> OrganizationIds { get; set; } = new(StringComparer.Ordinal);
}
