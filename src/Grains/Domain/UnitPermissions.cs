namespace Authz.Grains.Domain;

public enum CheckOutcome
{
    Denied,
    Allowed,
    UnknownPermission,
}

/// <summary>One role held in a unit, evaluated against a permission.</summary>
[GenerateSerializer, Immutable, Alias("authz.RoleEvaluation")]
public sealed record RoleEvaluation(
    [property: Id(0)] string RoleId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] bool GrantsPermission);

/// <summary>
/// What each user of a unit may do, compiled from the unit's assignments and the organization's role table:
/// one permission set per user, so a check is two dictionary lookups and a bit test (CHK-1, ASG-1).
/// Rebuilt when the role table changes, refreshed per user when their roles change.
/// </summary>
public sealed class UnitPermissions
{
    private readonly Dictionary<string, PermissionSet> _byUser;

    private UnitPermissions(RoleTable table, Dictionary<string, PermissionSet> byUser)
    {
        Table = table;
        _byUser = byUser;
    }

    public RoleTable Table { get; }

    public static UnitPermissions Compile(UnitAssignments assignments, RoleTable table) =>
        new(table, assignments.RolesByUser.ToDictionary(entry => entry.Key, entry => table.PermissionsOf(entry.Value), StringComparer.Ordinal));

    public void Refresh(string userId, string[] roles)
    {
        if (roles.Length == 0)
        {
            _byUser.Remove(userId);
        }
        else
        {
            _byUser[userId] = Table.PermissionsOf(roles);
        }
    }

    public CheckOutcome Check(string userId, string permissionId)
    {
        if (!Table.TryGetPermissionIndex(permissionId, out var index))
        {
            return CheckOutcome.UnknownPermission;
        }

        return _byUser.TryGetValue(userId, out var permissions) && permissions.Contains(index) ? CheckOutcome.Allowed : CheckOutcome.Denied;
    }

    /// <summary>The user ids holding the permission, ordered, after <paramref name="afterUserId"/>.</summary>
    public IEnumerable<string> UsersWith(int permissionIndex, string? afterUserId) =>
        _byUser
            .Where(entry => entry.Value.Contains(permissionIndex)
                && (afterUserId is null || string.CompareOrdinal(entry.Key, afterUserId) > 0))
            .Select(entry => entry.Key)
            .Order(StringComparer.Ordinal);

    public RoleEvaluation[] Explain(string[] roles, int permissionIndex) =>
        roles.Select(roleId => Table.FindRole(roleId) is { } role
                ? new RoleEvaluation(roleId, role.DisplayName, role.Permissions.Contains(permissionIndex))
                : new RoleEvaluation(roleId, roleId, false))
            .ToArray();
}
