using System.Collections.Concurrent;
using Authz.Grains.Domain;

namespace Authz.Grains.Units;

/// <summary>
/// What a unit grain knew at one moment, copied so that any thread of its silo may answer checks from it without
/// a grain call: its compiled permissions, the organization revision up to which it had applied every write, and the
/// version of the unit's state it was built from (<see cref="CheckViewPublisher"/>).
/// </summary>
public sealed class UnitCheckView(long version, long appliedRevision, UnitPermissions permissions)
{
    public long Version { get; } = version;

    public UnitPermissions Permissions { get; } = permissions;

    /// <summary>Whether the view holds every write <paramref name="token"/> covers (CHK-4); a view that does not must not answer.</summary>
    public bool HasApplied(RevisionToken token) => token.Revision <= appliedRevision;
}

/// <summary>
/// The check views of the units active in this silo, by grain key. A unit grain publishes a fresh view when asked
/// for a check and withdraws it the moment its permissions or progress change (<see cref="CheckViewPublisher"/>), so
/// a view present here is never older than its grain's last change; the check path uses it instead of a grain call.
/// </summary>
public sealed class LocalUnitViews
{
    private readonly ConcurrentDictionary<string, UnitCheckView> _views = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UnitCheckView>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public LocalUnitViews() => _bySpan = _views.GetAlternateLookup<ReadOnlySpan<char>>();

    public void Publish(string unitKey, UnitCheckView view) => _views[unitKey] = view;

    public void Withdraw(string unitKey) => _views.TryRemove(unitKey, out _);

    /// <summary>The view of a unit by its ids (already validated), without building its key as a string.</summary>
    public bool TryGet(string organizationId, string unitId, out UnitCheckView view)
    {
        var length = GrainKeys.UnitKeyLength(organizationId, unitId);
        Span<char> key = length <= 256 ? stackalloc char[length] : new char[length];
        GrainKeys.WriteUnit(organizationId, unitId, key);
        return _bySpan.TryGetValue(key, out view!);
    }
}
