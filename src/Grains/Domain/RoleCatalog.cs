namespace Authz.Grains.Domain;

/// <summary>
/// An organization's permission catalog and role definitions, with the rules that govern them
/// (ROLE-1..6). Every method validates completely before it changes anything.
/// </summary>
[GenerateSerializer, Alias("authz.RoleCatalog")]
public sealed class RoleCatalog
{
    public const int MaxApplicationPermissions = 4000;
    public const int MaxRoles = 1000;
    public const int MaxPermissionsPerRole = 4096;
    public const string ReservedPermissionPrefix = AdminPermissions.Prefix;

    /// <summary>Application permissions in registration order; their catalog positions never change.</summary>
    [Id(0)]
    public List<Permission> ApplicationPermissions { get; private set; } = [];

    /// <summary>Roles in creation order.</summary>
    [Id(1)]
    public List<RoleDefinition> Roles { get; private set; } = [];

    [Id(2)]
    public long LastSequence { get; private set; }

    /// <summary>Bumped by every change that alters what a check can answer.</summary>
    [Id(3)]
    public long Version { get; private set; }

    /// <summary>A role being deleted: it stays held where it is held but cannot be newly assigned.</summary>
    [Id(4)]
    public string? RetiringRoleId { get; private set; }

    /// <summary>A new organization's catalog: the predefined admin roles, Compliance only with the data-governance add-on (ADM-3).</summary>
    public static RoleCatalog WithPredefinedRoles(DateTimeOffset now, IReadOnlyCollection<AddOn> addOns)
    {
        var catalog = new RoleCatalog();
        foreach (var roleId in AdminRoleMatrix.RoleIds.Where(roleId => ShipsWith(roleId, addOns)))
        {
            catalog.Roles.Add(catalog.Shipped(roleId, now));
        }

        catalog.Version = 1;
        return catalog;
    }

    private static bool ShipsWith(string roleId, IReadOnlyCollection<AddOn> addOns) =>
        AdminRoleMatrix.IsPredefinedRole(roleId) && (roleId != AdminRoleMatrix.ComplianceAdmin || addOns.Contains(AddOn.DataGovernance));

    private RoleDefinition Shipped(string roleId, DateTimeOffset now) =>
        new(roleId, AdminRoleMatrix.RoleDisplayNames[roleId], AdminPermissions.OriginalPermissions(roleId), Predefined: true, now, ++LastSequence);

    /// <summary>Admin permissions first, in matrix order, then application permissions in registration order.</summary>
    public IEnumerable<Permission> Permissions => AdminPermissions.All.Concat(ApplicationPermissions);

    public Permission AddApplicationPermission(string permissionId, string description)
    {
        if (permissionId.StartsWith(ReservedPermissionPrefix, StringComparison.Ordinal))
        {
            throw DomainException.Invalid("permission_id", $"permission ids under '{ReservedPermissionPrefix}' are reserved for admin permissions");
        }

        if (Permissions.Any(permission => permission.Id == permissionId))
        {
            throw DomainException.AlreadyExists($"permission '{permissionId}' already exists");
        }

        if (ApplicationPermissions.Count >= MaxApplicationPermissions)
        {
            throw DomainException.Precondition($"an organization has at most {MaxApplicationPermissions} application permissions");
        }

        var permission = new Permission(permissionId, description, PermissionKind.Application);
        ApplicationPermissions.Add(permission);
        Version++;
        return permission;
    }

    public RoleDefinition Get(string roleId) =>
        Roles.Find(role => role.Id == roleId) ?? throw DomainException.NotFound("role", roleId);

    public RoleDefinition CreateRole(string roleId, string displayName, IReadOnlyCollection<string> permissionIds, DateTimeOffset now)
    {
        if (Roles.Any(role => role.Id == roleId))
        {
            throw DomainException.AlreadyExists($"role '{roleId}' already exists");
        }

        if (AdminRoleMatrix.IsPredefinedRole(roleId))
        {
            throw DomainException.Invalid("role_id", $"'{roleId}' is the id of a predefined admin role (ADM-3): choose another id");
        }

        RequireUniqueName(displayName, exceptRoleId: null);
        var permissions = RequireKnownPermissions(permissionIds);
        if (Roles.Count >= MaxRoles)
        {
            throw DomainException.Precondition($"an organization has at most {MaxRoles} roles");
        }

        var role = new RoleDefinition(roleId, displayName, permissions, Predefined: false, now, ++LastSequence);
        Roles.Add(role);
        Version++;
        return role;
    }

    public RoleDefinition SetPermissions(string roleId, IReadOnlyCollection<string> permissionIds) => Replace(PlanPermissions(roleId, permissionIds));

    /// <summary>The role as <see cref="SetPermissions"/> would make it; changes nothing.</summary>
    public RoleDefinition PlanPermissions(string roleId, IReadOnlyCollection<string> permissionIds)
    {
        var role = Get(roleId);
        var permissions = RequireKnownPermissions(permissionIds);
        if (roleId == AdminRoleMatrix.TeamAdmin)
        {
            throw DomainException.Precondition("the team administrator role always holds every admin permission (ADM-3): it cannot be edited");
        }

        return role with { PermissionIds = permissions };
    }

    public RoleDefinition Rename(string roleId, string displayName)
    {
        var role = Get(roleId);
        RequireUniqueName(displayName, exceptRoleId: roleId);
        return Replace(role with { DisplayName = displayName });
    }

    /// <summary>
    /// Gives a predefined role its original permissions back (ROLE-4). A predefined role missing from the catalog
    /// (deleted before deletion was refused) is put back, as it was shipped.
    /// </summary>
    public RoleDefinition Restore(string roleId, IReadOnlyCollection<AddOn> addOns, DateTimeOffset now)
    {
        if (Roles.Find(role => role.Id == roleId) is null && ShipsWith(roleId, addOns))
        {
            var shipped = Shipped(roleId, now);
            Roles.Add(shipped);
            Version++;
            return shipped;
        }

        var role = Get(roleId);
        if (!role.Predefined)
        {
            throw DomainException.Precondition($"role '{roleId}' is not predefined: it has no original permissions to restore");
        }

        return Replace(role with { PermissionIds = OriginalPermissions(role) });
    }

    /// <summary>
    /// First step of deleting a role: from now on it cannot be newly assigned, so the holders counted next
    /// stay counted. Ended by <see cref="Remove"/> or <see cref="CancelRetirement"/>.
    /// </summary>
    public void BeginRetirement(string roleId)
    {
        if (Get(roleId).Predefined)
        {
            throw DomainException.Precondition(
                $"role '{roleId}' is a predefined admin role: it can be edited and restored, never deleted (ROLE-2, ROLE-4, ADM-3)");
        }

        RetiringRoleId = roleId;
        Version++;
    }

    public void CancelRetirement()
    {
        RetiringRoleId = null;
        Version++;
    }

    public void Remove(string roleId)
    {
        Roles.Remove(Get(roleId));
        if (RetiringRoleId == roleId)
        {
            RetiringRoleId = null;
        }

        Version++;
    }

    public static string[] OriginalPermissions(RoleDefinition role) =>
        role.Predefined ? AdminPermissions.OriginalPermissions(role.Id) : [];

    /// <summary>Whether the role grants any admin permission: granting, editing or removing it is an admin-role operation (ADM-5).</summary>
    public bool GrantsAdminPermissions(string roleId) =>
        Roles.Find(role => role.Id == roleId) is { } role && role.PermissionIds.Any(AdminPermissions.IsAdmin);

    /// <summary>Compiles the catalog for checks, at the catalog's version.</summary>
    public RoleTable Compile()
    {
        var permissions = Permissions.Select(permission => permission.Id).ToArray();
        var indexes = permissions.Select((id, index) => (id, index)).ToDictionary(entry => entry.id, entry => entry.index, StringComparer.Ordinal);
        var roles = Roles
            .Select(role => new CompiledRole(role.Id, role.DisplayName,
                PermissionSet.Of(role.PermissionIds.Select(id => indexes[id])), Assignable: role.Id != RetiringRoleId))
            .ToArray();
        return new RoleTable(Version, permissions, roles);
    }

    private RoleDefinition Replace(RoleDefinition updated)
    {
        Roles[Roles.FindIndex(role => role.Id == updated.Id)] = updated;
        Version++;
        return updated;
    }

    private void RequireUniqueName(string displayName, string? exceptRoleId)
    {
        var key = DisplayText.UniquenessKey(displayName);
        if (Roles.Any(role => role.Id != exceptRoleId && DisplayText.UniquenessKey(role.DisplayName) == key))
        {
            throw DomainException.AlreadyExists($"a role named '{displayName}' already exists (ROLE-6)");
        }
    }

    private string[] RequireKnownPermissions(IReadOnlyCollection<string> permissionIds)
    {
        if (permissionIds.Count > MaxPermissionsPerRole)
        {
            throw DomainException.Invalid("permission_ids", $"a role has at most {MaxPermissionsPerRole} permissions");
        }

        var known = Permissions.Select(permission => permission.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var permissionId in permissionIds)
        {
            if (!known.Contains(permissionId))
            {
                throw DomainException.NotFound("permission", permissionId);
            }
        }

        return permissionIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }
}
