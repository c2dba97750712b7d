using Authz.Grains.Domain;
using Orleans.Streams;

namespace Authz.Grains.Units;

/// <summary>
/// Changes a unit sends down to its children, each of which applies them and passes them on. <see cref="Sequence"/>
/// numbers the messages from one parent, so a child applies each exactly once and in order. <see cref="EmittedAt"/>
/// is when the source unit sent them, for the fan-out lag. (Ids 1 and 2 named the source write; no longer used.)
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.FanOut")]
public sealed record FanOut(
    [property: Id(0)] long Sequence,
    [property: Id(3)] InheritanceChange[] Changes,
    [property: Id(4)] DateTimeOffset EmittedAt);

/// <summary>Where a new unit starts: its place in the tree and what its parent passes on to it now (INH-8).</summary>
[GenerateSerializer, Immutable, Alias("authz.UnitPlacement")]
public sealed record UnitPlacement(
    [property: Id(0)] string? ParentId,
    [property: Id(1)] string[] Ancestors,
    [property: Id(2)] bool Hierarchical,
    [property: Id(3)] long ParentSequence,
    [property: Id(4)] InheritanceChange[] Inherited);

/// <summary>The stream namespaces units listen on, each stream keyed by the unit's grain key.</summary>
public static class UnitStreams
{
    public const string FanOut = "unit-fanout";
    public const string RoleTables = "unit-roles";

    public static IAsyncStream<T> Of<T>(IStreamProvider provider, string streamNamespace, string organizationId, string unitId) =>
        provider.GetStream<T>(StreamId.Create(streamNamespace, GrainKeys.Unit(organizationId, unitId)));
}
