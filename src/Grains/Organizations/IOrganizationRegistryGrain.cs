namespace Authz.Grains.Organizations;

/// <summary>
/// One shard of the ids of every organization that exists, so that a call naming an organization can be refused
/// without activating any of that organization's grains. Keyed by <see cref="GrainKeys.OrganizationRegistryShard"/>.
/// </summary>
[Alias("authz.IOrganizationRegistryGrain")]
public interface IOrganizationRegistryGrain : IGrainWithStringKey
{
    /// <summary>Idempotent; called by the organization before its creation is saved, so the registry never misses one.</summary>
    [Alias("Register")]
    Task RegisterAsync(string organizationId);

    [Alias("Contains"), ReadOnly]
    Task<bool> ContainsAsync(string organizationId);
}
