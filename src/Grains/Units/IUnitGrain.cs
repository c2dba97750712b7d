using Authz.Grains.Domain;

namespace Authz.Grains.Units;

/// <summary>
/// One unit: the roles users hold in it, and the answer to every check in it, from memory (CHK-1).
/// Keyed by <see cref="GrainKeys.Unit"/>.
/// </summary>
[Alias("authz.IUnitGrain")]
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Called by the organization grain when it creates the unit.</summary>
    [Alias("Initialize")]
    Task InitializeAsync(string? parentUnitId);

    /// <summary>FailedPrecondition while any user holds a role here; a unit that does not exist is already deleted.</summary>
    [Alias("Delete")]
    Task DeleteAsync();

    /// <summary>Replaces the role table if <paramref name="table"/> is newer than the one held.</summary>
    [Alias("ApplyRoleTable")]
    Task ApplyRoleTableAsync(RoleTable table);

    [Alias("CountHolders"), ReadOnly]
    Task<int> CountHoldersAsync(string roleId);

    [Alias("AssignRoles")]
    Task<AssignmentView> AssignRolesAsync(string userId, string[] roleIds);

    [Alias("RemoveRoles")]
    Task<AssignmentView> RemoveRolesAsync(string userId, string[] roleIds);

    /// <summary>Removes every role the user holds here; nothing to remove is no error.</summary>
    [Alias("RemoveUser")]
    Task RemoveUserAsync(string userId);

    /// <summary>NotFound for an unknown unit or a permission outside the catalog.</summary>
    [Alias("Check"), ReadOnly]
    ValueTask<bool> CheckAsync(string userId, string permissionId);

    /// <summary>One outcome per check, in order; NotFound if the unit does not exist.</summary>
    [Alias("CheckMany"), ReadOnly]
    Task<CheckOutcome[]> CheckManyAsync(UserCheck[] checks);

    /// <summary>The roles the user holds here, each evaluated against the permission (CHK-3).</summary>
    [Alias("Explain"), ReadOnly]
    Task<RoleEvaluation[]> ExplainAsync(string userId, string permissionId);

    /// <summary>Assignments ordered by user id, after <paramref name="afterUserId"/>, optionally only of <paramref name="userIds"/>.</summary>
    [Alias("ListAssignments"), ReadOnly]
    Task<AssignmentView[]> ListAssignmentsAsync(string? afterUserId, int limit, string[]? userIds);

    /// <summary>The user's roles here, or null when they hold none or the unit does not exist.</summary>
    [Alias("FindAssignment"), ReadOnly]
    Task<AssignmentView?> FindAssignmentAsync(string userId);

    [Alias("LookupUsers"), ReadOnly]
    Task<UserIdPage> LookupUsersAsync(string permissionId, string? afterUserId, int limit);
}
