namespace Authz.Grains.Organizations;

public sealed class OrganizationRegistryGrain(
    [PersistentState("organization-registry", StorageNames.Authz)] IPersistentState<OrganizationRegistryState> state) : Grain, IOrganizationRegistryGrain
{
    public async Task RegisterAsync(string organizationId)
    {
        if (state.State.OrganizationIds.Add(organizationId))
        {
            await state.SaveAsync(this);
        }
    }

    public Task<bool> ContainsAsync(string organizationId) => Task.FromResult(state.State.OrganizationIds.Contains(organizationId));
}
