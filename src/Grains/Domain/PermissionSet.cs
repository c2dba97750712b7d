using System.Numerics;

namespace Authz.Grains.Domain;

/// <summary>An immutable set of permission indexes (positions in an organization's catalog), as a bitset.</summary>
[GenerateSerializer, Immutable, Alias("authz.PermissionSet")]
public sealed class PermissionSet
{
    public static readonly PermissionSet Empty = new([]);

    [Id(0)]
    private readonly ulong[] _words;

    private PermissionSet(ulong[] words) => _words = words;

    public static PermissionSet Of(IEnumerable<int> indexes)
    {
        var words = Array.Empty<ulong>();
        foreach (var index in indexes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            var word = index >> 6;
            if (word >= words.Length)
            {
                Array.Resize(ref words, word + 1);
            }

            words[word] |= 1UL << (index & 63);
        }

        return words.Length == 0 ? Empty : new PermissionSet(words);
    }

    public bool Contains(int index)
    {
        var word = index >> 6;
        return (uint)word < (uint)_words.Length && (_words[word] & (1UL << (index & 63))) != 0;
    }

    public int Count => _words.Sum(word => BitOperations.PopCount(word));

    public IEnumerable<int> Indexes()
    {
        for (var word = 0; word < _words.Length; word++)
        {
            for (var bits = _words[word]; bits != 0; bits &= bits - 1)
            {
                yield return (word << 6) + BitOperations.TrailingZeroCount(bits);
            }
        }
    }

    public PermissionSet Union(PermissionSet other)
    {
        if (other._words.Length == 0 || ReferenceEquals(this, other))
        {
            return this;
        }

        if (_words.Length == 0)
        {
            return other;
        }

        var (longer, shorter) = _words.Length >= other._words.Length ? (_words, other._words) : (other._words, _words);
        var words = (ulong[])longer.Clone();
        for (var i = 0; i < shorter.Length; i++)
        {
            words[i] |= shorter[i];
        }

        return new PermissionSet(words);
    }
}
