using Authz.Grains.Domain;

namespace Authz.Grains.Organizations;

/// <summary>
/// One organization (tenant): its profile, permission catalog, role definitions and unit tree.
/// Keyed by organization id. It compiles the role table that unit grains answer checks with.
/// </summary>
[Alias("authz.IOrganizationGrain")]
public interface IOrganizationGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<OrganizationProfile> CreateAsync(string displayName, Plan plan, OrganizationStructure structure, AddOn[] addOns);

    [Alias("Get"), ReadOnly]
    Task<OrganizationProfile> GetAsync();

    [Alias("ListPermissions"), ReadOnly]
    Task<Permission[]> ListPermissionsAsync();

    [Alias("CreatePermission")]
    Task<Permission> CreatePermissionAsync(string permissionId, string description);

    [Alias("CreateRole")]
    Task<RoleDefinition> CreateRoleAsync(string? roleId, string displayName, string[] permissionIds);

    [Alias("GetRole"), ReadOnly]
    Task<RoleDefinition> GetRoleAsync(string roleId);

    /// <summary>Newest first (ROLE-5).</summary>
    [Alias("ListRoles"), ReadOnly]
    Task<RoleDefinition[]> ListRolesAsync();

    [Alias("SetRolePermissions")]
    Task<RoleDefinition> SetRolePermissionsAsync(string roleId, string[] permissionIds);

    [Alias("RenameRole")]
    Task<RoleDefinition> RenameRoleAsync(string roleId, string displayName);

    [Alias("DeleteRole")]
    Task DeleteRoleAsync(string roleId);

    [Alias("RestoreRole")]
    Task<RoleDefinition> RestoreRoleAsync(string roleId);

    /// <summary>
    /// The current compiled role table. Interleaves with everything: a unit grain activating while this grain
    /// awaits that unit must not wait for it.
    /// </summary>
    [Alias("GetRoleTable"), AlwaysInterleave]
    Task<RoleTable> GetRoleTableAsync();

    [Alias("CreateUnit")]
    Task<UnitView> CreateUnitAsync(string? unitId, string displayName, string? parentUnitId);

    [Alias("GetUnit"), ReadOnly]
    Task<UnitView> GetUnitAsync(string unitId);

    [Alias("RenameUnit")]
    Task<UnitView> RenameUnitAsync(string unitId, string displayName);

    [Alias("DeleteUnit")]
    Task DeleteUnitAsync(string unitId);

    /// <summary>Tree order: each unit after its parent, siblings by id.</summary>
    [Alias("ListUnits"), ReadOnly]
    Task<UnitView[]> ListUnitsAsync();
}
