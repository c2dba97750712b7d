using Authz.Grains.Domain;

namespace Authz.Grains.Units;

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

    /// <summary>How many of this unit's own writes sent changes down.</summary>
    [Id(9)]
    public long Emitted { get; set; }

    /// <summary>Per ancestor, how many of its writes' changes this unit has applied.</summary>
    [Id(10)]
    public Dictionary<string, long> Applied { get; set; } = new(StringComparer.Ordinal);
}
