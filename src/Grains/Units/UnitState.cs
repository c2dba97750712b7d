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
}
