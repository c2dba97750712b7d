namespace Authz.Load.Workload;

/// <summary>
/// The fixed 15-unit tree of every tenant: u0 is the root, u1 and u2 its children,
/// u3..u8 children of u1, u9..u14 children of u2.
/// </summary>
public static class UnitShape
{
    public const int Count = 15;

    private static readonly int[] Parents = [-1, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2];

    /// <summary>Bit v of entry u is set when v is in u's subtree.</summary>
    private static readonly int[] SubtreeMasks = BuildSubtreeMasks();

    internal static readonly int[][] Subtrees = [.. SubtreeMasks.Select(Units)];

    public static int? Parent(int unit)
    {
        RequireUnit(unit);
        return Parents[unit] < 0 ? null : Parents[unit];
    }

    public static int[] Subtree(int unit)
    {
        RequireUnit(unit);
        return [.. Subtrees[unit]];
    }

    public static bool Covers(int bindingUnit, bool inherit, int unit)
    {
        RequireUnit(bindingUnit);
        RequireUnit(unit);
        return (CoverageMask(bindingUnit, inherit) & (1 << unit)) != 0;
    }

    /// <summary>Every parent precedes its children: a parent's index is always below its children's.</summary>
    public static int[] CreationOrder => [.. Enumerable.Range(0, Count)];

    /// <summary>The units a binding covers, as a bitmask.</summary>
    internal static int CoverageMask(int bindingUnit, bool inherit) => inherit ? SubtreeMasks[bindingUnit] : 1 << bindingUnit;

    private static void RequireUnit(int unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unit, Count);
    }

    private static int[] BuildSubtreeMasks()
    {
        var masks = new int[Count];
        for (var unit = 0; unit < Count; unit++)
        {
            for (var ancestor = unit; ancestor >= 0; ancestor = Parents[ancestor])
            {
                masks[ancestor] |= 1 << unit;
            }
        }

        return masks;
    }

    private static int[] Units(int mask) => [.. Enumerable.Range(0, Count).Where(unit => (mask & (1 << unit)) != 0)];
}
