using Authz.Grains.Domain;

namespace Authz.Grains.Units;

/// <summary>
/// One unit, as the gateway and services see it: the roles users hold in it and the answer to every check in it from
/// memory (CHK-1). A write first pulls what its ancestors have sent and it has not yet applied, so it never acts on
/// older state than a write its caller has seen answered. What only grains call is on <see cref="IUnitProtocolGrain"/>.
/// Keyed by <see cref="GrainKeys.Unit"/>.
/// </summary>
[Alias("authz.IUnitGrain")]
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Adds roles, each within the window when one is given; a role already held takes the new window.</summary>
    [Alias("AssignRoles")]
    Task<WriteResult> AssignRolesAsync(string userId, string[] roleIds, DateTimeOffset? validFrom, DateTimeOffset? validUntil);

    [Alias("RemoveRoles")]
    Task<WriteResult> RemoveRolesAsync(string userId, string[] roleIds);

    /// <summary>Switches "inherit in child units" on in <paramref name="mode"/>, or off when it is null (INH-2, INH-3, INH-7).</summary>
    [Alias("SetInheritance")]
    Task<WriteResult> SetInheritanceAsync(string userId, InheritanceMode? mode);

    /// <summary>"Modify roles" (INH-6): the user's inherited roles here become direct and the chain below is broken.</summary>
    [Alias("BreakInheritance")]
    Task<WriteResult> BreakInheritanceAsync(string userId);

    /// <summary>NotFound for an unknown unit or a permission outside the catalog.</summary>
    [Alias("Check"), ReadOnly]
    ValueTask<bool> CheckAsync(string userId, string permissionId);

    /// <summary>One outcome per check, in order; NotFound if the unit does not exist.</summary>
    [Alias("CheckMany"), ReadOnly]
    Task<CheckOutcome[]> CheckManyAsync(UserCheck[] checks);

    /// <summary>The roles the user holds here, each evaluated against the permission (CHK-3).</summary>
    [Alias("Explain"), ReadOnly]
    Task<HoldingEvaluation> ExplainAsync(string userId, string permissionId);

    /// <summary>Assignments ordered by user id, after <paramref name="afterUserId"/>, optionally only of <paramref name="userIds"/>.</summary>
    [Alias("ListAssignments"), ReadOnly]
    Task<AssignmentView[]> ListAssignmentsAsync(string? afterUserId, int limit, string[]? userIds);

    /// <summary>The user's roles here, or null when they hold none or the unit does not exist.</summary>
    [Alias("FindAssignment"), ReadOnly]
    Task<AssignmentView?> FindAssignmentAsync(string userId);

    [Alias("LookupUsers"), ReadOnly]
    Task<UserIdPage> LookupUsersAsync(string permissionId, string? afterUserId, int limit);
}
