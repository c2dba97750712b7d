using Authz.Grains.Domain;

namespace Authz.Grains.Organizations;

/// <summary>
/// One organization (tenant): its profile, permission catalog, role definitions and unit tree.
/// Keyed by organization id. It compiles the role table that unit grains answer checks with.
/// </summary>
[Alias("authz.IOrganizationGrain")]
public interface IOrganizationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the organization with its first team administrator, legal representative and super administrator
    /// (ORG-4), who may be one person; each new user gets an activation link.
    /// </summary>
    [Alias("Create")]
    Task<OrganizationProfile> CreateAsync(
        string displayName, Plan plan, OrganizationStructure structure, AddOn[] addOns,
        NewUser administrator, NewUser? legalRepresentative, NewUser? superAdministrator);

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

    /// <summary>What <see cref="SetRolePermissionsAsync"/> would do, changing nothing: the role as it would be and who gains or loses what.</summary>
    [Alias("PreviewRolePermissions"), ReadOnly]
    Task<RolePreview> PreviewRolePermissionsAsync(string roleId, string[] permissionIds, string? pageToken, int pageSize);

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

    /// <summary>Whether the caller may make the request; unit-scoped permissions are asked of the units (ASG-7).</summary>
    [Alias("Authorize"), ReadOnly]
    Task<AccessVerdict> AuthorizeAsync(Caller caller, AccessRequest request);

    /// <summary>The units the caller may see with the permission: all, or those where they hold it (ASG-6, ASG-7).</summary>
    [Alias("Reach"), ReadOnly]
    Task<UnitReach> ReachAsync(Caller caller, string permissionId);

    [Alias("GetSettings"), ReadOnly]
    Task<OrganizationSettings> GetSettingsAsync();

    /// <summary>Sets the settings named by <paramref name="paths"/>; <paramref name="callerEmail"/> must stay trusted (ORG-5).</summary>
    [Alias("UpdateSettings")]
    Task<OrganizationSettings> UpdateSettingsAsync(OrganizationSettings settings, string[] paths, string? callerEmail);

    [Alias("ListAdministrators"), ReadOnly]
    Task<AdministratorList> ListAdministratorsAsync();

    [Alias("AddAdministrator")]
    Task<AdministratorList> AddAdministratorAsync(string userId, string roleId);

    [Alias("ChangeAdministratorRole")]
    Task<AdministratorList> ChangeAdministratorRoleAsync(string userId, string roleId);

    [Alias("SuspendAdministrator")]
    Task<AdministratorList> SuspendAdministratorAsync(string userId);

    [Alias("ResumeAdministrator")]
    Task<AdministratorList> ResumeAdministratorAsync(string userId);

    /// <summary>Drops the admin role; the user stays a member (ADM-6). Refused for the last team administrator (ADM-1).</summary>
    [Alias("RemoveAdministrator")]
    Task<AdministratorList> RemoveAdministratorAsync(string userId);

    /// <summary>The admin permissions the user holds organization-wide, in catalog order.</summary>
    [Alias("GetAdminPermissions"), ReadOnly]
    Task<string[]> GetAdminPermissionsAsync(string userId);

    /// <summary>
    /// ADM-7: whether <paramref name="caller"/> may sign in as the user, and the account facts the token must carry.
    /// Administrators and officers are never impersonated, only active users are, and only a user can be named as the
    /// impersonator (the admin permission itself is decided by the access policy).
    /// </summary>
    [Alias("ApproveImpersonation"), ReadOnly]
    Task<AccountFacts> ApproveImpersonationAsync(Caller caller, string userId);

    /// <summary>Calls and refusals of the organization's members (administrators excluded) over the newest audit entries.</summary>
    [Alias("GetMemberActivity"), ReadOnly]
    Task<Audit.ActivitySummary> GetMemberActivityAsync(int maxEntries);

    [Alias("GetOfficers"), ReadOnly]
    Task<Officers> GetOfficersAsync();

    [Alias("SetOfficers")]
    Task<Officers> SetOfficersAsync(string[] legalRepresentatives, string[] superAdministrators);

    /// <summary>
    /// Suspends, resumes, deletes a user or changes their e-mail. Every such change is made here, one at a time, so
    /// that none, alone or with another, leaves the organization without an active team administrator (ADM-1, ORG-5),
    /// legal representative or super administrator (ORG-4). Deleting drops the user's admin role and officer titles.
    /// </summary>
    [Alias("ChangeAccount")]
    Task<UserProfile> ChangeAccountAsync(string userId, AccountChange change);

    [Alias("AddApiKey")]
    Task AddApiKeyAsync(string keyId);

    [Alias("ListApiKeys"), ReadOnly]
    Task<string[]> ListApiKeysAsync();

    [Alias("GetLicenses"), ReadOnly]
    Task<int> GetLicensesAsync();

    /// <summary>Adds 1 to <see cref="MaxLicenses"/> licenses; answers the new total.</summary>
    [Alias("AddLicenses")]
    Task<int> AddLicensesAsync(int count);

    public const int MaxLicenses = 1_000_000;
}

/// <summary>The administrators, those who can act now, and the ADM-1 warning when fewer than two team administrators can.</summary>
[GenerateSerializer, Immutable, Alias("authz.AdministratorList")]
public sealed record AdministratorList(
    [property: Id(0)] Administrator[] Administrators,
    [property: Id(1)] string? Warning,
    [property: Id(2)] string[] ActiveUserIds)
{
    public static AdministratorList Of(TeamAdministration administration) =>
        new([.. administration.Administrators], administration.Warning, [.. administration.ActiveAdministrators]);
}

[GenerateSerializer, Immutable, Alias("authz.RolePreview")]
public sealed record RolePreview(
    [property: Id(0)] RoleDefinition Role,
    [property: Id(1)] ImpactPage Impact);
