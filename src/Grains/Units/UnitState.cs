using Authz.Grains.Domain;

namespace Authz.Grains.Units;

/// <summary>A unit's persisted state. Ids 9 and 10 held progress that revision tokens no longer use: never reuse them.</summary>
[GenerateSerializer, Alias("authz.UnitState")]
public sealed class UnitState
{
    [Id(0)]
    public bool Exists { get; set; }

    [Id(1)]
    public string? ParentId { get; set; }

    [Id(2)]
    public UnitAssignments Assignments { get; set; } = new();

    /// <summary>From the root down to the parent.</summary>
    [Id(3)]
    public string[] Ancestors { get; set; } = [];

    [Id(4)]
    public bool Hierarchical { get; set; }

    [Id(5)]
    public SortedSet<string> Children { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The sequence of the last message applied from the parent.</summary>
    [Id(6)]
    public long ParentSequence { get; set; }

    /// <summary>The sequence of the last message sent to the children.</summary>
    [Id(7)]
    public long Sequence { get; set; }

    /// <summary>The newest messages sent to the children, oldest first, for a child that missed some.</summary>
    [Id(8)]
    public List<FanOut> Sent { get; set; } = [];
}
