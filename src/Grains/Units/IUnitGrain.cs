using Authz.Grains.Domain;

namespace Authz.Grains.Units;

/// <summary>
/// One unit: the roles users hold in it, the answer to every check in it from memory (CHK-1), and its link in the
/// inheritance chain: it applies what its parent sends down and passes it on to its children (INH-2..9).
/// A write first pulls what its ancestors have sent and it has not yet applied, so it never acts on older state
/// than a write its caller has seen answered. Keyed by <see cref="GrainKeys.Unit"/>.
/// </summary>
[Alias("authz.IUnitGrain")]
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Called by the organization grain when it creates the unit.</summary>
    [Alias("Initialize")]
    Task InitializeAsync(UnitPlacement placement);

    /// <summary>Registers a new child and answers where it starts: what this unit passes on now and how far it has sent changes.</summary>
    [Alias("AddChild")]
    Task<UnitPlacement> AddChildAsync(string childUnitId);

    [Alias("RemoveChild")]
    Task RemoveChildAsync(string childUnitId);

    /// <summary>
    /// FailedPrecondition while any user holds a direct role here (inherited copies go with the unit); a unit that does
    /// not exist is already deleted.
    /// </summary>
    [Alias("Delete")]
    Task DeleteAsync();

    /// <summary>Replaces the role table if <paramref name="table"/> is newer than the one held.</summary>
    [Alias("ApplyRoleTable")]
    Task ApplyRoleTableAsync(RoleTable table);

    [Alias("CountHolders"), ReadOnly]
    Task<int> CountHoldersAsync(string roleId);

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

    /// <summary>This unit's part of a bulk edit, validated, without changing anything (ASG-4).</summary>
    [Alias("PlanBulk"), ReadOnly]
    Task<HoldingDelta[]> PlanBulkAsync(BulkEdit edit);

    /// <summary>Applies this unit's part of a bulk edit; FailedPrecondition if it no longer matches <paramref name="planned"/>.</summary>
    [Alias("ApplyBulk")]
    Task<RevisionToken> ApplyBulkAsync(BulkEdit edit, HoldingDelta[] planned);

    /// <summary>Puts the holdings of an applied bulk edit back as they were before it.</summary>
    [Alias("UndoBulk")]
    Task UndoBulkAsync(HoldingDelta[] applied);

    /// <summary>How the permissions of the unit's holders would change under <paramref name="proposed"/> (a role-edit dry run).</summary>
    [Alias("ImpactOfRoleTable"), ReadOnly]
    Task<PermissionChange[]> ImpactOfRoleTableAsync(RoleTable proposed);

    /// <summary>Removes every role the user holds here; nothing to remove is no error.</summary>
    [Alias("RemoveUser")]
    Task RemoveUserAsync(string userId);

    /// <summary>The changes this unit sent its children after <paramref name="afterSequence"/>, catching up with its own parent first.</summary>
    [Alias("GetFanOutsAfter")]
    Task<FanOut[]> GetFanOutsAfterAsync(long afterSequence);

    /// <summary>
    /// Whether the unit has applied every write of its organization up to the revision of <paramref name="token"/>,
    /// catching up first if it has not: the feed's head, the role table, then its ancestors (CHK-4).
    /// </summary>
    [Alias("CatchUp")]
    Task<bool> CatchUpAsync(RevisionToken token);

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

    /// <summary>
    /// Pulls what the parent has sent and this unit has not applied, and the organization's role table: called when
    /// a message may have been lost (a silo died, a publish failed). One-way, so a parent can ask without waiting.
    /// </summary>
    [Alias("Resync"), OneWay]
    Task ResyncAsync();
}
