using Authz.Grains.Domain;
using Authz.Grains.Units;
using Authz.Grains.Users;

namespace Authz.Grains.Organizations;

public sealed class OrganizationGrain(
    [PersistentState("organization", StorageNames.Authz)] IPersistentState<OrganizationState> state,
    TimeProvider time) : Grain, IOrganizationGrain
{
    private RoleTable _roleTable = RoleTable.Empty;

    private OrganizationState State => state.State;

    private string OrganizationId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Roles.RetiringRoleId is not null)
        {
            // A deletion was cut off between its steps: the role was never removed, so it is assignable again.
            State.Roles.CancelRetirement();
            await state.SaveAsync(this);
        }

        _roleTable = State.Roles.Compile();
    }

    public async Task<OrganizationProfile> CreateAsync(string displayName, Plan plan, OrganizationStructure structure, AddOn[] addOns)
    {
        if (State.Profile is not null)
        {
            throw DomainException.AlreadyExists($"organization '{OrganizationId}' already exists");
        }

        var now = time.GetUtcNow();
        await GrainFactory.GetGrain<IUserDirectoryGrain>(OrganizationId).InitializeAsync();
        State.Profile = new OrganizationProfile(OrganizationId, displayName, plan, structure, addOns.Distinct().Order().ToArray(), now);
        State.Roles = RoleCatalog.WithPredefinedRoles(now);
        await state.SaveAsync(this);
        _roleTable = State.Roles.Compile();
        return State.Profile;
    }

    public Task<OrganizationProfile> GetAsync() => Task.FromResult(RequireProfile());

    public Task<Permission[]> ListPermissionsAsync()
    {
        RequireProfile();
        return Task.FromResult(State.Roles.Permissions.ToArray());
    }

    public async Task<Permission> CreatePermissionAsync(string permissionId, string description)
    {
        RequireProfile();
        var permission = State.Roles.AddApplicationPermission(permissionId, description);
        await SaveAndPublishRoleTableAsync();
        return permission;
    }

    public async Task<RoleDefinition> CreateRoleAsync(string? roleId, string displayName, string[] permissionIds)
    {
        RequireProfile();
        var role = State.Roles.CreateRole(roleId ?? Ids.NewId(), displayName, permissionIds, time.GetUtcNow());
        await SaveAndPublishRoleTableAsync();
        return role;
    }

    public Task<RoleDefinition> GetRoleAsync(string roleId)
    {
        RequireProfile();
        return Task.FromResult(State.Roles.Get(roleId));
    }

    public Task<RoleDefinition[]> ListRolesAsync()
    {
        RequireProfile();
        return Task.FromResult(State.Roles.Roles.OrderByDescending(role => role.Sequence).ToArray());
    }

    public async Task<RoleDefinition> SetRolePermissionsAsync(string roleId, string[] permissionIds)
    {
        RequireProfile();
        var role = State.Roles.SetPermissions(roleId, permissionIds);
        await SaveAndPublishRoleTableAsync();
        return role;
    }

    public async Task<RoleDefinition> RenameRoleAsync(string roleId, string displayName)
    {
        RequireProfile();
        var role = State.Roles.Rename(roleId, displayName);
        await SaveAndPublishRoleTableAsync();
        return role;
    }

    public async Task DeleteRoleAsync(string roleId)
    {
        RequireProfile();
        State.Roles.BeginRetirement(roleId);
        await SaveAndPublishRoleTableAsync();
        var holders = await Task.WhenAll(State.Units.Units.Keys.Select(unitId => Unit(unitId).CountHoldersAsync(roleId)));
        if (holders.Sum() is var count and > 0)
        {
            State.Roles.CancelRetirement();
            await SaveAndPublishRoleTableAsync();
            throw DomainException.Precondition($"role '{roleId}' is held by {count} assignment(s): remove them first");
        }

        State.Roles.Remove(roleId);
        await SaveAndPublishRoleTableAsync();
    }

    public async Task<RoleDefinition> RestoreRoleAsync(string roleId)
    {
        RequireProfile();
        var role = State.Roles.Restore(roleId);
        await SaveAndPublishRoleTableAsync();
        return role;
    }

    public Task<RoleTable> GetRoleTableAsync() => Task.FromResult(_roleTable);

    public async Task<UnitView> CreateUnitAsync(string? unitId, string displayName, string? parentUnitId)
    {
        var profile = RequireProfile();
        var id = unitId ?? Ids.NewId();
        State.Units.RequireCanAdd(id, parentUnitId, profile.Structure);
        await Unit(id).InitializeAsync(parentUnitId);
        State.Units.Add(id, displayName, parentUnitId);
        await state.SaveAsync(this);
        return State.Units.View(id);
    }

    public Task<UnitView> GetUnitAsync(string unitId)
    {
        RequireProfile();
        return Task.FromResult(State.Units.View(unitId));
    }

    public async Task<UnitView> RenameUnitAsync(string unitId, string displayName)
    {
        RequireProfile();
        State.Units.Rename(unitId, displayName);
        await state.SaveAsync(this);
        return State.Units.View(unitId);
    }

    public async Task DeleteUnitAsync(string unitId)
    {
        RequireProfile();
        State.Units.RequireNoChildren(unitId);
        await Unit(unitId).DeleteAsync();
        State.Units.Remove(unitId);
        await state.SaveAsync(this);
    }

    public Task<UnitView[]> ListUnitsAsync()
    {
        RequireProfile();
        return Task.FromResult(State.Units.InTreeOrder());
    }

    private OrganizationProfile RequireProfile() =>
        State.Profile ?? throw DomainException.NotFound("organization", OrganizationId);

    private IUnitGrain Unit(string unitId) => GrainFactory.GetGrain<IUnitGrain>(GrainKeys.Unit(OrganizationId, unitId));

    /// <summary>Persists, then hands the new role table to every unit so role edits apply at once (ROLE-3).</summary>
    private async Task SaveAndPublishRoleTableAsync()
    {
        await state.SaveAsync(this);
        _roleTable = State.Roles.Compile();
        var table = _roleTable;
        await Task.WhenAll(State.Units.Units.Keys.Select(unitId => Unit(unitId).ApplyRoleTableAsync(table)));
    }
}
