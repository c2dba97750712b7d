namespace Authz.Grains.Domain;

/// <summary>
/// The roles each user holds in one unit (ASG-1..3). Role ids are kept sorted; a user without roles has no entry,
/// which is what "no role in a unit means no access there" (ASG-2) comes down to.
/// </summary>
[GenerateSerializer, Alias("authz.UnitAssignments")]
public sealed class UnitAssignments
{
    public const int MaxRolesPerUser = 100;

    [Id(0)]
    public Dictionary<string, string[]> RolesByUser { get; private set; } = new(StringComparer.Ordinal);

    public int Count => RolesByUser.Count;

    public string[] RolesOf(string userId) => RolesByUser.GetValueOrDefault(userId, []);

    /// <summary>The roles the user would hold after adding <paramref name="roleIds"/>; changes nothing.</summary>
    public string[] PlanAssign(string userId, IReadOnlyCollection<string> roleIds, RoleTable table)
    {
        foreach (var roleId in roleIds)
        {
            var role = table.FindRole(roleId) ?? throw DomainException.NotFound("role", roleId);
            if (!role.Assignable)
            {
                throw DomainException.Precondition($"role '{roleId}' is being deleted and cannot be assigned");
            }
        }

        var roles = RolesOf(userId).Union(roleIds, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (roles.Length > MaxRolesPerUser)
        {
            throw DomainException.Precondition($"a user holds at most {MaxRolesPerUser} roles in one unit");
        }

        return roles;
    }

    /// <summary>The roles the user would hold after removing <paramref name="roleIds"/>; changes nothing.</summary>
    public string[] PlanRemove(string userId, IReadOnlyCollection<string> roleIds)
    {
        var held = RolesOf(userId);
        foreach (var roleId in roleIds)
        {
            if (Array.BinarySearch(held, roleId, StringComparer.Ordinal) < 0)
            {
                throw new DomainException(DomainError.NotFound, $"user '{userId}' does not hold role '{roleId}' in this unit");
            }
        }

        return held.Except(roleIds, StringComparer.Ordinal).ToArray();
    }

    public void Set(string userId, string[] roles)
    {
        if (roles.Length == 0)
        {
            RolesByUser.Remove(userId);
        }
        else
        {
            RolesByUser[userId] = roles;
        }
    }

    public int CountHolders(string roleId) =>
        RolesByUser.Values.Count(roles => Array.BinarySearch(roles, roleId, StringComparer.Ordinal) >= 0);
}
