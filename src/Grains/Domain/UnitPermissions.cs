namespace Authz.Grains.Domain;

public enum CheckOutcome
{
    Denied,
    Allowed,
    UnknownPermission,

    /// <summary>The unit has not yet applied the write a revision token names (CHK-4); ask again.</summary>
    Pending,
}

/// <summary>One role held in a unit, evaluated against a permission at a moment.</summary>
[GenerateSerializer, Immutable, Alias("authz.RoleEvaluation")]
public sealed record RoleEvaluation(
    [property: Id(0)] string RoleId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] bool ContainsPermission,
    [property: Id(3)] bool InEffect,
    [property: Id(4)] DateTimeOffset? ValidFrom,
    [property: Id(5)] DateTimeOffset? ValidUntil)
{
    public bool GrantsPermission => ContainsPermission && InEffect;
}

/// <summary>
/// What each user of a unit may do, compiled from the unit's holdings and the organization's role table: per user
/// one permission set of the roles held without a time window, plus one per time-bound role, so a check is two
/// dictionary lookups and a bit test, and a time-bound role is judged by the clock at the moment of the check
/// (CHK-1, ASG-1). Rebuilt when the role table changes, refreshed per user when their roles change.
/// </summary>
public sealed class UnitPermissions
{
    private readonly Dictionary<string, UserPermissions> _byUser;

    private UnitPermissions(RoleTable table, Dictionary<string, UserPermissions> byUser)
    {
        Table = table;
        _byUser = byUser;
    }

    public RoleTable Table { get; }

    public static UnitPermissions Compile(UnitAssignments assignments, RoleTable table) =>
        new(table, assignments.Holdings.ToDictionary(entry => entry.Key, entry => UserPermissions.Of(entry.Value.Roles, table), StringComparer.Ordinal));

    public void Refresh(string userId, RoleHolding? holding)
    {
        if (holding is null)
        {
            _byUser.Remove(userId);
        }
        else
        {
            _byUser[userId] = UserPermissions.Of(holding.Roles, Table);
        }
    }

    /// <summary>A copy that is never changed, so any thread may check against it while the unit goes on changing.</summary>
    public UnitPermissions Freeze() => new(Table, new Dictionary<string, UserPermissions>(_byUser, StringComparer.Ordinal));

    public CheckOutcome Check(string userId, string permissionId, DateTimeOffset now)
    {
        if (!Table.TryGetPermissionIndex(permissionId, out var index))
        {
            return CheckOutcome.UnknownPermission;
        }

        return _byUser.TryGetValue(userId, out var permissions) && permissions.Grants(index, now) ? CheckOutcome.Allowed : CheckOutcome.Denied;
    }

    /// <summary>The user ids holding the permission at <paramref name="now"/>, ordered, after <paramref name="afterUserId"/>.</summary>
    public IEnumerable<string> UsersWith(int permissionIndex, DateTimeOffset now, string? afterUserId) =>
        _byUser
            .Where(entry => entry.Value.Grants(permissionIndex, now)
                && (afterUserId is null || string.CompareOrdinal(entry.Key, afterUserId) > 0))
            .Select(entry => entry.Key)
            .Order(StringComparer.Ordinal);

    public RoleEvaluation[] Explain(HeldRole[] roles, int permissionIndex, DateTimeOffset now) =>
        roles.Select(held =>
            {
                var role = Table.FindRole(held.RoleId);
                return new RoleEvaluation(held.RoleId, role?.DisplayName ?? held.RoleId, role is not null && role.Permissions.Contains(permissionIndex),
                    held.IsActiveAt(now), held.ValidFrom, held.ValidUntil);
            })
            .ToArray();

    private sealed record TimedPermissions(HeldRole Role, PermissionSet Permissions);

    private sealed class UserPermissions(PermissionSet always, TimedPermissions[] timed)
    {
        public static UserPermissions Of(HeldRole[] roles, RoleTable table) =>
            new(table.PermissionsOf(roles.Where(role => !role.IsTimeBound).Select(role => role.RoleId)),
                roles.Where(role => role.IsTimeBound).Select(role => new TimedPermissions(role, table.PermissionsOf([role.RoleId]))).ToArray());

        public bool Grants(int index, DateTimeOffset now)
        {
            if (always.Contains(index))
            {
                return true;
            }

            foreach (var role in timed)
            {
                if (role.Permissions.Contains(index) && role.Role.IsActiveAt(now))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
