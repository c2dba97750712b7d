namespace Authz.Tests.Model;

/// <summary>Why the reference model refused an operation (the gRPC status the service is expected to answer).</summary>
public enum RefusalKind
{
    NotFound,
    FailedPrecondition,
    InvalidArgument,
}

/// <summary>The reference model refused an operation; the model's state is unchanged.</summary>
public sealed class ModelRefusal(RefusalKind kind, string message) : Exception($"{kind}: {message}")
{
    public RefusalKind Kind { get; } = kind;
}

/// <summary>
/// A copy of one (user, unit) entry: the roles with their windows [From, Until) (null = open), the origin unit
/// (null = direct roles) and whether "inherit in child units" is switched on at this unit.
/// </summary>
public sealed record ModelEntry(
    IReadOnlyDictionary<string, (DateTimeOffset? From, DateTimeOffset? Until)> Roles,
    string? Origin,
    bool InheritsDown);

/// <summary>
/// A plain in-memory model of the role inheritance semantics of one organization
/// (/tmp/spec/inheritance-semantics.md: INH-1..10, ASG-1..3, ROLE-3, time-bound roles), written straight from the
/// specification for comparison with the distributed implementation. Every operation either throws
/// <see cref="ModelRefusal"/> before changing anything, or applies the rule of the specification. Whole-tree loops
/// on purpose: simple beats fast here.
/// </summary>
public sealed class ReferenceModel(bool hierarchical)
{
    /// <summary>One mutable entry. An entry with no roles never exists in <see cref="_entries"/>.</summary>
    private sealed class EntryState
    {
        public Dictionary<string, (DateTimeOffset? From, DateTimeOffset? Until)> Roles { get; } = new(StringComparer.Ordinal);

        public string? Origin { get; set; }

        public bool InheritsDown { get; set; }

        public bool IsDirect => Origin is null;
    }

    // Unit id -> parent id (null for a root), in creation order (a parent always precedes its children).
    private readonly List<string> _unitOrder = [];
    private readonly Dictionary<string, string?> _parents = new(StringComparer.Ordinal);

    // (user, unit) -> entry.
    private readonly Dictionary<(string User, string Unit), EntryState> _entries = [];

    // Role id -> permissions (the role catalog).
    private readonly Dictionary<string, HashSet<string>> _roles = new(StringComparer.Ordinal);

    public bool Hierarchical { get; } = hierarchical;

    /// <summary>All units, in creation order (so every parent comes before its children).</summary>
    public IEnumerable<string> Units => [.. _unitOrder];

    /// <summary>The users that hold an entry in some unit, sorted ordinal.</summary>
    public IEnumerable<string> Users =>
        [.. _entries.Keys.Select(key => key.User).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The parent of a unit (null for a root).</summary>
    public string? ParentOf(string unit)
    {
        RequireUnit(unit);
        return _parents[unit];
    }

    // ---- Operation 6: CreateUnit (INH-8) ----

    public void AddUnit(string unitId, string? parentId)
    {
        if (_parents.ContainsKey(unitId))
        {
            throw new ModelRefusal(RefusalKind.FailedPrecondition, $"unit '{unitId}' already exists");
        }

        if (parentId is not null)
        {
            if (!Hierarchical)
            {
                throw new ModelRefusal(RefusalKind.FailedPrecondition, "a flat organization has no unit hierarchy");
            }

            RequireUnit(parentId);
        }

        _parents[unitId] = parentId;
        _unitOrder.Add(unitId);
        if (parentId is null)
        {
            return; // A root unit starts empty.
        }

        foreach (var user in UsersWithEntryAt(parentId))
        {
            var parentEntry = _entries[(user, parentId)];
            if (parentEntry.IsDirect && parentEntry.InheritsDown)
            {
                SetInherited(user, unitId, parentEntry, parentId);
            }
            else if (!parentEntry.IsDirect)
            {
                SetInherited(user, unitId, parentEntry, parentEntry.Origin!);
            }
        }
    }

    // ---- Operation 1: Assign ----

    public void Assign(
        string user,
        string unit,
        IReadOnlyCollection<string> roles,
        DateTimeOffset? validFrom = null,
        DateTimeOffset? validUntil = null)
    {
        RequireUnit(unit);
        RequireRoles(roles);
        if (validFrom is not null && validUntil is not null && validFrom.Value >= validUntil.Value)
        {
            throw new ModelRefusal(RefusalKind.InvalidArgument, "validFrom must be before validUntil");
        }

        var entry = _entries.GetValueOrDefault((user, unit));
        if (entry is not null && !entry.IsDirect)
        {
            throw new ModelRefusal(RefusalKind.FailedPrecondition, "the roles are inherited: modify roles first (INH-4/INH-6)");
        }

        if (entry is null)
        {
            entry = new EntryState();
            _entries[(user, unit)] = entry;
        }

        foreach (var role in roles)
        {
            entry.Roles[role] = (validFrom, validUntil);
        }

        if (entry.InheritsDown)
        {
            CopyToInheritedDescendants(user, unit, entry);
        }
    }

    // ---- Operation 2: Remove (INH-5) ----

    public void Remove(string user, string unit, IReadOnlyCollection<string> roles)
    {
        RequireUnit(unit);
        RequireRoles(roles);
        var entry = _entries.GetValueOrDefault((user, unit))
            ?? throw new ModelRefusal(RefusalKind.NotFound, $"user '{user}' holds no role in unit '{unit}'");
        if (!entry.IsDirect)
        {
            throw new ModelRefusal(RefusalKind.FailedPrecondition, "the roles are inherited: modify roles first (INH-6)");
        }

        foreach (var role in roles)
        {
            if (!entry.Roles.ContainsKey(role))
            {
                throw new ModelRefusal(RefusalKind.NotFound, $"user '{user}' does not hold role '{role}' in unit '{unit}'");
            }
        }

        foreach (var role in roles)
        {
            entry.Roles.Remove(role);
        }

        if (entry.Roles.Count > 0)
        {
            if (entry.InheritsDown)
            {
                CopyToInheritedDescendants(user, unit, entry);
            }

            return;
        }

        _entries.Remove((user, unit));
        if (entry.InheritsDown)
        {
            RemoveInheritedDescendants(user, unit, unit);
        }
    }

    // ---- Operation 3: SetInheritance (INH-3) ----

    public void SetInheritance(string user, string unit, bool replace)
    {
        RequireUnit(unit);
        if (!Hierarchical)
        {
            throw new ModelRefusal(RefusalKind.FailedPrecondition, "a flat organization has no inheritance");
        }

        var entry = _entries.GetValueOrDefault((user, unit))
            ?? throw new ModelRefusal(RefusalKind.FailedPrecondition, "assign roles first");
        if (!entry.IsDirect)
        {
            throw new ModelRefusal(RefusalKind.FailedPrecondition, "the roles are inherited: modify roles first");
        }

        entry.InheritsDown = true;
        foreach (var descendant in Subtree(unit))
        {
            var existing = _entries.GetValueOrDefault((user, descendant));
            if (replace || existing is null || existing.Origin == unit)
            {
                SetInherited(user, descendant, entry, unit);
            }
        }
    }

    // ---- Operation 4: ClearInheritance (INH-7) ----

    public void ClearInheritance(string user, string unit)
    {
        RequireUnit(unit);
        var entry = _entries.GetValueOrDefault((user, unit));
        if (entry is null || !entry.InheritsDown)
        {
            return;
        }

        entry.InheritsDown = false;
        RemoveInheritedDescendants(user, unit, unit);
    }

    // ---- Operation 5: BreakInheritance ("Modify roles", INH-6) ----

    public void BreakInheritance(string user, string unit)
    {
        RequireUnit(unit);
        var entry = _entries.GetValueOrDefault((user, unit))
            ?? throw new ModelRefusal(RefusalKind.NotFound, $"user '{user}' holds no role in unit '{unit}'");
        if (entry.IsDirect)
        {
            return;
        }

        var origin = entry.Origin!;
        entry.Origin = null;
        entry.InheritsDown = false;
        RemoveInheritedDescendants(user, unit, origin);
    }

    // ---- Operation 7: DeleteUser ----

    public void DeleteUser(string user)
    {
        foreach (var key in _entries.Keys.Where(key => key.User == user).ToList())
        {
            _entries.Remove(key);
        }
    }

    // ---- Operation 8: role definitions (ROLE-3) ----

    public void DefineRole(string roleId, IEnumerable<string> permissions) =>
        _roles[roleId] = new HashSet<string>(permissions, StringComparer.Ordinal);

    // ---- Queries ----

    /// <summary>
    /// Some role of entry(unit) is valid at <paramref name="now"/> (validFrom &lt;= now &lt; validUntil) and its
    /// definition holds the permission. No entry, or a role unknown to the catalog, grants nothing.
    /// </summary>
    public bool Check(string user, string unit, string permission, DateTimeOffset now)
    {
        RequireUnit(unit);
        if (!_entries.TryGetValue((user, unit), out var entry))
        {
            return false;
        }

        foreach (var (role, window) in entry.Roles)
        {
            var valid = (window.From is null || window.From.Value <= now) && (window.Until is null || now < window.Until.Value);
            if (valid && _roles.TryGetValue(role, out var permissions) && permissions.Contains(permission))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A copy of the user's entry in the unit, or null when there is none.</summary>
    public ModelEntry? Entry(string user, string unit)
    {
        RequireUnit(unit);
        if (!_entries.TryGetValue((user, unit), out var entry))
        {
            return null;
        }

        var roles = new SortedDictionary<string, (DateTimeOffset? From, DateTimeOffset? Until)>(entry.Roles, StringComparer.Ordinal);
        return new ModelEntry(roles, entry.Origin, entry.InheritsDown);
    }

    /// <summary>The role ids of the user's entry in the unit, sorted ordinal (empty when there is no entry).</summary>
    public IReadOnlyList<string> RolesOf(string user, string unit)
    {
        RequireUnit(unit);
        return _entries.TryGetValue((user, unit), out var entry) ? [.. entry.Roles.Keys.Order(StringComparer.Ordinal)] : [];
    }

    // ---- Helpers ----

    private void RequireUnit(string unit)
    {
        if (!_parents.ContainsKey(unit))
        {
            throw new ModelRefusal(RefusalKind.NotFound, $"unit '{unit}' not found");
        }
    }

    private static void RequireRoles(IReadOnlyCollection<string> roles)
    {
        if (roles.Count == 0)
        {
            throw new ModelRefusal(RefusalKind.InvalidArgument, "at least one role is required");
        }
    }

    /// <summary>True when <paramref name="ancestor"/> is a strict ancestor of <paramref name="unit"/>.</summary>
    private bool IsStrictAncestor(string ancestor, string unit)
    {
        for (var current = _parents[unit]; current is not null; current = _parents[current])
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>subtree(X): the descendants of X, X excluded.</summary>
    private List<string> Subtree(string unit) => [.. _unitOrder.Where(candidate => IsStrictAncestor(unit, candidate))];

    private List<string> UsersWithEntryAt(string unit) =>
        [.. _entries.Keys.Where(key => key.Unit == unit).Select(key => key.User)];

    /// <summary>entry(unit) := { roles of <paramref name="source"/> (with their windows), origin, inheritsDown false }.</summary>
    private void SetInherited(string user, string unit, EntryState source, string origin)
    {
        var entry = new EntryState { Origin = origin, InheritsDown = false };
        foreach (var (role, window) in source.Roles)
        {
            entry.Roles[role] = window;
        }

        _entries[(user, unit)] = entry;
    }

    /// <summary>Every D in subtree(unit) whose entry has origin unit gets unit's roles (INH-9).</summary>
    private void CopyToInheritedDescendants(string user, string unit, EntryState source)
    {
        foreach (var descendant in Subtree(unit))
        {
            if (_entries.GetValueOrDefault((user, descendant))?.Origin == unit)
            {
                SetInherited(user, descendant, source, unit);
            }
        }
    }

    /// <summary>Every D in subtree(unit) whose entry has origin <paramref name="origin"/> loses its entry.</summary>
    private void RemoveInheritedDescendants(string user, string unit, string origin)
    {
        foreach (var descendant in Subtree(unit))
        {
            if (_entries.GetValueOrDefault((user, descendant))?.Origin == origin)
            {
                _entries.Remove((user, descendant));
            }
        }
    }
}
