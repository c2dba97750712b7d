namespace Authz.Load.Workload;

/// <summary>The SplitMix64 generator with the standard constants, as WORKLOAD.md defines it.</summary>
public sealed class SplitMix64(ulong seed)
{
    private const double UnitInterval = 1.0 / (1UL << 53);

    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>next % n (unsigned), so in [0, n).</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return (int)(Next() % (ulong)n);
    }

    /// <summary>(next >> 11) * 2^-53, so in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * UnitInterval;
}
