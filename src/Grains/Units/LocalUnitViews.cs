using System.Collections.Concurrent;
using Authz.Grains.Domain;

namespace Authz.Grains.Units;

/// <summary>
/// What a unit grain knew at one moment, copied so that any thread of its silo may answer checks from it without
/// a grain call: its compiled permissions and how far it had applied its ancestors' changes and the role table.
/// </summary>
public sealed class UnitCheckView(string unitId, string[] ancestors, Dictionary<string, long> applied, UnitPermissions permissions)
{
    public UnitPermissions Permissions { get; } = permissions;

    /// <summary>Whether the view holds the write <paramref name="token"/> names (CHK-4); a view that does not must not answer.</summary>
    public bool HasApplied(RevisionToken token) => HasApplied(token, unitId, Permissions.Table.Version, ancestors, applied);

    /// <summary>
    /// A unit has applied a token's write when its role table is at least as new, and for each written unit that is
    /// one of its ancestors, it has applied that unit's changes up to the count the token names.
    /// </summary>
    public static bool HasApplied(RevisionToken token, string unitId, long tableVersion, string[] ancestors, IReadOnlyDictionary<string, long> applied)
    {
        if (tableVersion < token.RoleTableVersion)
        {
            return false;
        }

        foreach (var write in token.Units)
        {
            if (write.UnitId != unitId && Array.IndexOf(ancestors, write.UnitId) >= 0 && applied.GetValueOrDefault(write.UnitId) < write.Emitted)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// The check views of the units active in this silo, by grain key. A unit grain publishes a fresh view when asked
/// for a check and withdraws it the moment its permissions or progress change, so a view present here is never
/// older than its grain's last completed change; the check path uses it instead of a grain call.
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
