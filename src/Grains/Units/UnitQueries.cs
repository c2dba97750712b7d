using Authz.Grains.Domain;

namespace Authz.Grains.Units;

/// <summary>What a unit answers about its holdings, read from its assignments and the permissions compiled from them.</summary>
public sealed class UnitQueries(string unitId, UnitAssignments assignments, UnitPermissions permissions)
{
    /// <summary>The user's roles here with their display names; no roles when the user holds none.</summary>
    public AssignmentView Of(string userId) =>
        assignments.Find(userId) is { } holding ? View(userId, holding) : new AssignmentView(userId, unitId, [], null, null);

    /// <summary>The user's roles here, or null when they hold none.</summary>
    public AssignmentView? Find(string userId) => assignments.Find(userId) is { } holding ? View(userId, holding) : null;

    /// <summary>Assignments ordered by user id, after <paramref name="afterUserId"/>, optionally only of <paramref name="userIds"/>.</summary>
    public AssignmentView[] List(string? afterUserId, int limit, string[]? userIds)
    {
        var holdings = assignments.Holdings;
        var users = userIds is { Length: > 0 } ? userIds.Where(holdings.ContainsKey) : holdings.Keys;
        return users
            .Where(userId => afterUserId is null || string.CompareOrdinal(userId, afterUserId) > 0)
            .Order(StringComparer.Ordinal)
            .Take(limit)
            .Select(userId => View(userId, holdings[userId]))
            .ToArray();
    }

    public CheckOutcome[] Check(UserCheck[] checks, DateTimeOffset now)
    {
        var outcomes = new CheckOutcome[checks.Length];
        for (var i = 0; i < checks.Length; i++)
        {
            outcomes[i] = permissions.Check(checks[i].UserId, checks[i].PermissionId, now);
        }

        return outcomes;
    }

    /// <summary>The roles the user holds here, each evaluated against the permission (CHK-3); NotFound for a permission outside the catalog.</summary>
    public HoldingEvaluation Explain(string userId, string permissionId, DateTimeOffset now)
    {
        var index = PermissionIndex(permissionId);
        var holding = assignments.Find(userId);
        return new HoldingEvaluation(permissions.Explain(holding?.Roles ?? [], index, now), holding?.OriginUnitId);
    }

    /// <summary>The users holding the permission now, ordered by user id, after <paramref name="afterUserId"/>.</summary>
    public UserIdPage LookupUsers(string permissionId, string? afterUserId, int limit, DateTimeOffset now)
    {
        var users = permissions.UsersWith(PermissionIndex(permissionId), now, afterUserId).Take(limit + 1).ToArray();
        return new UserIdPage(users.Take(limit).ToArray(), users.Length > limit);
    }

    /// <summary>How the permissions of the unit's holders would change under <paramref name="proposed"/>.</summary>
    public PermissionChange[] ImpactOf(RoleTable proposed, DateTimeOffset now) =>
        assignments.Holdings
            .Select(entry => PermissionChange.Between(unitId, entry.Key, permissions.Table, entry.Value.Roles, proposed, entry.Value.Roles, now))
            .OfType<PermissionChange>()
            .ToArray();

    private int PermissionIndex(string permissionId) =>
        permissions.Table.TryGetPermissionIndex(permissionId, out var index) ? index : throw DomainException.NotFound("permission", permissionId);

    private AssignmentView View(string userId, RoleHolding holding) =>
        new(userId, unitId, holding.Roles
                .Select(role => new AssignedRole(role.RoleId, permissions.Table.FindRole(role.RoleId)?.DisplayName ?? role.RoleId, role.ValidFrom, role.ValidUntil))
                .ToArray(),
            holding.OriginUnitId, holding.Inheritance);
}
