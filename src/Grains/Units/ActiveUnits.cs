using System.Collections.Concurrent;

namespace Authz.Grains.Units;

/// <summary>The unit grains active on this silo, by key: the ones <see cref="UnitRecovery"/> asks to resync.</summary>
public sealed class ActiveUnits
{
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);

    public void Add(string key) => _keys.TryAdd(key, 0);

    public void Remove(string key) => _keys.TryRemove(key, out _);

    public IReadOnlyCollection<string> Keys => _keys.Keys.ToArray();
}
