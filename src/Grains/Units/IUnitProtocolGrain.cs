using Authz.Grains.Domain;

namespace Authz.Grains.Units;

/// <summary>
/// What only grains call on a unit: its life in the organization's tree, its link in the inheritance chain (it applies
/// what its parent sends down and passes it on to its children, INH-2..9), role-table changes, bulk edits and
/// catching up with a revision. The same grain as <see cref="IUnitGrain"/>, keyed by <see cref="GrainKeys.Unit"/>; the
/// gateway never calls it.
/// </summary>
[Alias("authz.IUnitProtocolGrain")]
public interface IUnitProtocolGrain : IGrainWithStringKey
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

    /// <summary>
    /// Pulls what the parent has sent and this unit has not applied, and the organization's role table: called when
    /// a message may have been lost (a silo died, a publish failed). One-way, so a parent can ask without waiting.
    /// </summary>
    [Alias("Resync"), OneWay]
    Task ResyncAsync();
}
