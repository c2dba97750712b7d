namespace Authz.Grains.Domain;

[GenerateSerializer, Alias("authz.InheritanceMode")]
public enum InheritanceMode
{
    /// <summary>In every descendant the user's previous roles are replaced by the inherited ones (INH-3).</summary>
    Replace = 1,

    /// <summary>The roles are given only in descendants where the user had no role (INH-3).</summary>
    Keep = 2,
}

/// <summary>A role held in a unit, optionally only within [<see cref="ValidFrom"/>, <see cref="ValidUntil"/>).</summary>
[GenerateSerializer, Immutable, Alias("authz.HeldRole")]
public sealed record HeldRole(
    [property: Id(0)] string RoleId,
    [property: Id(1)] DateTimeOffset? ValidFrom = null,
    [property: Id(2)] DateTimeOffset? ValidUntil = null)
{
    public bool IsTimeBound => ValidFrom is not null || ValidUntil is not null;

    public bool IsActiveAt(DateTimeOffset now) => (ValidFrom is null || ValidFrom <= now) && (ValidUntil is null || now < ValidUntil);
}

/// <summary>
/// The roles one user holds in one unit (ASG-1): either all direct or all inherited from <see cref="OriginUnitId"/>
/// (INH-4). A direct holding may pass its roles on to the unit's descendants (<see cref="Inheritance"/>, INH-2).
/// Roles are sorted by id.
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.RoleHolding")]
public sealed record RoleHolding(
    [property: Id(0)] HeldRole[] Roles,
    [property: Id(1)] string? OriginUnitId = null,
    [property: Id(2)] InheritanceMode? Inheritance = null)
{
    public bool IsInherited => OriginUnitId is not null;

    public bool Equals(RoleHolding? other) =>
        other is not null && OriginUnitId == other.OriginUnitId && Inheritance == other.Inheritance && Roles.SequenceEqual(other.Roles);

    public override int GetHashCode() => HashCode.Combine(OriginUnitId, Inheritance, Roles.Length);
}

[GenerateSerializer, Alias("authz.InheritanceChangeKind")]
public enum InheritanceChangeKind
{
    /// <summary>Inheritance switched on in mode Replace: every descendant takes the roles.</summary>
    Replace = 1,

    /// <summary>Inheritance switched on in mode Keep: descendants without roles (or already inheriting from the origin) take them.</summary>
    Keep = 2,

    /// <summary>The roles at the origin changed: descendants inheriting from it take the new roles (INH-9).</summary>
    Update = 3,

    /// <summary>Descendants inheriting from the origin lose those roles (INH-6, INH-7).</summary>
    Unlink = 4,
}

/// <summary>
/// What a change at one unit means for the descendants of that unit. Each descendant applies it to its own holding
/// only, whatever lies between it and the unit that sent it, so the same change travels the whole subtree.
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.InheritanceChange")]
public sealed record InheritanceChange(
    [property: Id(0)] string UserId,
    [property: Id(1)] string OriginUnitId,
    [property: Id(2)] InheritanceChangeKind Kind,
    [property: Id(3)] HeldRole[] Roles);

/// <summary>A holding about to change at this unit, and what the change means for its descendants.</summary>
public sealed record Mutation(string UserId, RoleHolding? Before, RoleHolding? After, InheritanceChange? Downstream);

/// <summary>
/// The role holdings of one unit and the inheritance rules that change them (ASG-1..3, INH-2..9).
/// Plan methods validate and answer a <see cref="Mutation"/> without changing anything; <see cref="Commit"/> applies it.
/// </summary>
[GenerateSerializer, Alias("authz.UnitAssignments")]
public sealed class UnitAssignments
{
    public const int MaxRolesPerUser = 100;

    [Id(0)]
    public Dictionary<string, RoleHolding> Holdings { get; private set; } = new(StringComparer.Ordinal);

    public int Count => Holdings.Count;

    public RoleHolding? Find(string userId) => Holdings.GetValueOrDefault(userId);

    public string[] RoleIdsOf(string userId) => Find(userId)?.Roles.Select(role => role.RoleId).ToArray() ?? [];

    public Mutation PlanAssign(string unitId, string userId, IReadOnlyCollection<string> roleIds, DateTimeOffset? validFrom, DateTimeOffset? validUntil, RoleTable table)
    {
        RequireAssignable(roleIds, table);
        var before = Find(userId);
        RequireDirect(userId, before, unitId);
        var added = roleIds.Distinct(StringComparer.Ordinal).Select(roleId => new HeldRole(roleId, validFrom, validUntil)).ToArray();
        var roles = (before?.Roles ?? []).Where(held => !roleIds.Contains(held.RoleId)).Concat(added).OrderBy(held => held.RoleId, StringComparer.Ordinal).ToArray();
        if (roles.Length > MaxRolesPerUser)
        {
            throw DomainException.Precondition($"a user holds at most {MaxRolesPerUser} roles in one unit");
        }

        return Direct(unitId, userId, before, roles, before?.Inheritance);
    }

    public Mutation PlanRemove(string unitId, string userId, IReadOnlyCollection<string> roleIds)
    {
        var before = Find(userId) ?? throw new DomainException(DomainError.NotFound, $"user '{userId}' holds no role in unit '{unitId}'");
        RequireDirect(userId, before, unitId);
        var held = before.Roles;
        if (roleIds.FirstOrDefault(roleId => !held.Any(role => role.RoleId == roleId)) is { } missing)
        {
            throw new DomainException(DomainError.NotFound, $"user '{userId}' does not hold role '{missing}' in unit '{unitId}'");
        }

        return Direct(unitId, userId, before, held.Where(role => !roleIds.Contains(role.RoleId)).ToArray(), before.Inheritance);
    }

    /// <summary>
    /// The part of a bulk edit (ASG-4) that falls in this unit: one mutation per user whose roles change. Roles to
    /// remove that a user does not hold are skipped; a change to inherited roles is refused (INH-4).
    /// </summary>
    public Mutation[] PlanBulk(string unitId, BulkEdit edit, RoleTable table)
    {
        RequireAssignable(edit.AddRoleIds, table);
        var mutations = new List<Mutation>();
        foreach (var userId in edit.UserIds.Distinct(StringComparer.Ordinal))
        {
            var before = Find(userId);
            var kept = (before?.Roles ?? []).Where(held => !edit.RemoveRoleIds.Contains(held.RoleId) && !edit.AddRoleIds.Contains(held.RoleId));
            var roles = kept.Concat(edit.AddRoleIds.Distinct(StringComparer.Ordinal).Select(roleId => new HeldRole(roleId, edit.ValidFrom, edit.ValidUntil)))
                .OrderBy(held => held.RoleId, StringComparer.Ordinal).ToArray();
            if (roles.SequenceEqual(before?.Roles ?? []))
            {
                continue;
            }

            RequireDirect(userId, before, unitId);
            if (roles.Length > MaxRolesPerUser)
            {
                throw DomainException.Precondition($"user '{userId}' would hold more than {MaxRolesPerUser} roles in unit '{unitId}'");
            }

            mutations.Add(Direct(unitId, userId, before, roles, before?.Inheritance));
        }

        return mutations.ToArray();
    }

    /// <summary>Puts a holding back as it was (undoing part of a bulk edit), with what that means below.</summary>
    public Mutation PlanRestore(string unitId, string userId, RoleHolding? target)
    {
        var current = Find(userId);
        InheritanceChange? downstream = target?.Inheritance switch
        {
            { } mode when current?.Inheritance is null =>
                new InheritanceChange(userId, unitId, mode == InheritanceMode.Replace ? InheritanceChangeKind.Replace : InheritanceChangeKind.Keep, target.Roles),
            not null => new InheritanceChange(userId, unitId, InheritanceChangeKind.Update, target.Roles),
            null when current?.Inheritance is not null => new InheritanceChange(userId, unitId, InheritanceChangeKind.Unlink, []),
            _ => null,
        };
        return new Mutation(userId, current, target, downstream);
    }

    /// <summary>Switches "inherit in child units" on (INH-2, INH-3); again with the same or the other mode re-applies it.</summary>
    public Mutation PlanSetInheritance(string unitId, string userId, InheritanceMode mode)
    {
        var before = Find(userId)
            ?? throw DomainException.Precondition($"user '{userId}' holds no role in unit '{unitId}': assign roles there first (INH-2)");
        RequireDirect(userId, before, unitId);
        var kind = mode == InheritanceMode.Replace ? InheritanceChangeKind.Replace : InheritanceChangeKind.Keep;
        return new Mutation(userId, before, before with { Inheritance = mode }, new InheritanceChange(userId, unitId, kind, before.Roles));
    }

    /// <summary>Switches inheritance off (INH-7); nothing to switch off is no error.</summary>
    public Mutation PlanClearInheritance(string unitId, string userId)
    {
        var before = Find(userId);
        return before?.Inheritance is null
            ? new Mutation(userId, before, before, null)
            : new Mutation(userId, before, before with { Inheritance = null }, new InheritanceChange(userId, unitId, InheritanceChangeKind.Unlink, []));
    }

    /// <summary>"Modify roles" (INH-6): inherited roles become direct, and the chain below this unit is broken.</summary>
    public Mutation PlanBreakInheritance(string unitId, string userId)
    {
        var before = Find(userId) ?? throw new DomainException(DomainError.NotFound, $"user '{userId}' holds no role in unit '{unitId}'");
        return before.OriginUnitId is not { } origin
            ? new Mutation(userId, before, before, null)
            : new Mutation(userId, before, new RoleHolding(before.Roles), new InheritanceChange(userId, origin, InheritanceChangeKind.Unlink, []));
    }

    /// <summary>Every role of the user here goes, inherited or not (user deletion).</summary>
    public Mutation PlanRemoveUser(string unitId, string userId)
    {
        var before = Find(userId);
        return new Mutation(userId, before, null,
            before?.Inheritance is null ? null : new InheritanceChange(userId, unitId, InheritanceChangeKind.Unlink, []));
    }

    /// <summary>Direct roles whose window has closed by <paramref name="now"/>, removed; inherited copies follow their origin.</summary>
    public Mutation[] PlanExpiry(string unitId, DateTimeOffset now) =>
        Holdings
            .Where(entry => !entry.Value.IsInherited && entry.Value.Roles.Any(role => role.ValidUntil <= now))
            .Select(entry => Direct(unitId, entry.Key, entry.Value, entry.Value.Roles.Where(role => !(role.ValidUntil <= now)).ToArray(), entry.Value.Inheritance))
            .ToArray();

    /// <summary>The earliest end of a direct role's window, if any.</summary>
    public DateTimeOffset? NextExpiry() =>
        Holdings.Values.Where(holding => !holding.IsInherited).SelectMany(holding => holding.Roles).Min(role => role.ValidUntil);

    /// <summary>A change sent down by an ancestor, applied to this unit's holding of the user.</summary>
    public Mutation PlanInherited(InheritanceChange change)
    {
        var before = Find(change.UserId);
        return new Mutation(change.UserId, before, Inherit(before, change), null);
    }

    /// <summary>The holding after an ancestor's change (INH-3, INH-6, INH-7, INH-9): each unit judges by its own holding only.</summary>
    public static RoleHolding? Inherit(RoleHolding? before, InheritanceChange change)
    {
        var linked = before?.OriginUnitId == change.OriginUnitId;
        return change.Kind switch
        {
            InheritanceChangeKind.Replace => Inherited(change),
            InheritanceChangeKind.Keep when before is null || linked => Inherited(change),
            InheritanceChangeKind.Update when linked => Inherited(change),
            InheritanceChangeKind.Unlink when linked => null,
            _ => before,
        };
    }

    /// <summary>What this unit passes on to a child created now (INH-8).</summary>
    public InheritanceChange[] InheritanceFor(string unitId) =>
        Holdings
            .Where(entry => entry.Value.IsInherited || entry.Value.Inheritance is not null)
            .Select(entry => new InheritanceChange(entry.Key, entry.Value.OriginUnitId ?? unitId, InheritanceChangeKind.Replace, entry.Value.Roles))
            .ToArray();

    public void Commit(Mutation mutation)
    {
        if (mutation.After is null)
        {
            Holdings.Remove(mutation.UserId);
        }
        else
        {
            Holdings[mutation.UserId] = mutation.After;
        }
    }

    public int CountHolders(string roleId) => Holdings.Values.Count(holding => holding.Roles.Any(role => role.RoleId == roleId));

    private static RoleHolding? Inherited(InheritanceChange change) =>
        change.Roles.Length == 0 ? null : new RoleHolding(change.Roles, change.OriginUnitId);

    private static Mutation Direct(string unitId, string userId, RoleHolding? before, HeldRole[] roles, InheritanceMode? inheritance)
    {
        if (roles.Length == 0)
        {
            var unlink = inheritance is null ? null : new InheritanceChange(userId, unitId, InheritanceChangeKind.Unlink, []);
            return new Mutation(userId, before, null, unlink);
        }

        var after = new RoleHolding(roles, null, inheritance);
        var update = inheritance is null || after.Equals(before) ? null : new InheritanceChange(userId, unitId, InheritanceChangeKind.Update, roles);
        return new Mutation(userId, before, after, update);
    }

    private static void RequireAssignable(IEnumerable<string> roleIds, RoleTable table)
    {
        foreach (var roleId in roleIds)
        {
            var role = table.FindRole(roleId) ?? throw DomainException.NotFound("role", roleId);
            if (!role.Assignable)
            {
                throw DomainException.Precondition($"role '{roleId}' is being deleted and cannot be assigned");
            }
        }
    }

    private static void RequireDirect(string userId, RoleHolding? holding, string unitId)
    {
        if (holding?.OriginUnitId is { } origin)
        {
            throw DomainException.Precondition(
                $"user '{userId}' inherits their roles in unit '{unitId}' from unit '{origin}': break inheritance there first (\"modify roles\", INH-4, INH-6)");
        }
    }
}
