namespace Authz.Grains.Domain;

[GenerateSerializer, Immutable, Alias("authz.UnitNode")]
public sealed record UnitNode(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string? ParentId);

/// <summary>A unit as listed: its place in the tree included.</summary>
[GenerateSerializer, Immutable, Alias("authz.UnitView")]
public sealed record UnitView(
    [property: Id(0)] string UnitId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string? ParentId,
    [property: Id(3)] int Depth,
    [property: Id(4)] int ChildCount);

/// <summary>The units of an organization (INH-1): one root or several; each other unit has one parent.</summary>
[GenerateSerializer, Alias("authz.UnitTree")]
public sealed class UnitTree
{
    public const int MaxUnits = 20_000;

    [Id(0)]
    public Dictionary<string, UnitNode> Units { get; private set; } = new(StringComparer.Ordinal);

    public bool Contains(string unitId) => Units.ContainsKey(unitId);

    public UnitNode Get(string unitId) => Units.GetValueOrDefault(unitId) ?? throw DomainException.NotFound("unit", unitId);

    /// <summary>Validates a new unit; <see cref="Add"/> stores it once the unit grain is initialized.</summary>
    public void RequireCanAdd(string unitId, string? parentId, OrganizationStructure structure)
    {
        if (Units.ContainsKey(unitId))
        {
            throw DomainException.AlreadyExists($"unit '{unitId}' already exists");
        }

        if (parentId is not null)
        {
            if (structure == OrganizationStructure.Flat)
            {
                throw DomainException.Precondition("a flat organization has no unit hierarchy: parent_unit_id must be empty (ORG-3)");
            }

            Get(parentId);
        }

        if (Units.Count >= MaxUnits)
        {
            throw DomainException.Precondition($"an organization has at most {MaxUnits} units");
        }
    }

    public void Add(string unitId, string displayName, string? parentId) => Units.Add(unitId, new UnitNode(displayName, parentId));

    public void Rename(string unitId, string displayName) => Units[unitId] = Get(unitId) with { DisplayName = displayName };

    public void RequireNoChildren(string unitId)
    {
        Get(unitId);
        if (Units.Values.Any(node => node.ParentId == unitId))
        {
            throw DomainException.Precondition($"unit '{unitId}' has child units: delete or move them first");
        }
    }

    public void Remove(string unitId) => Units.Remove(unitId);

    public IEnumerable<string> Roots() => Units.Where(entry => entry.Value.ParentId is null).Select(entry => entry.Key);

    public UnitView View(string unitId)
    {
        var node = Get(unitId);
        var depth = 0;
        for (var parent = node.ParentId; parent is not null; parent = Units[parent].ParentId)
        {
            depth++;
        }

        return new UnitView(unitId, node.DisplayName, node.ParentId, depth, Units.Values.Count(other => other.ParentId == unitId));
    }

    /// <summary>Every unit, each after its parent, siblings ordered by id.</summary>
    public UnitView[] InTreeOrder()
    {
        var children = Units
            .GroupBy(entry => entry.Value.ParentId ?? "", StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(entry => entry.Key).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var result = new List<UnitView>(Units.Count);
        var pending = new Stack<(string UnitId, int Depth)>();
        foreach (var root in children.GetValueOrDefault("", []).Reverse())
        {
            pending.Push((root, 0));
        }

        while (pending.Count > 0)
        {
            var (unitId, depth) = pending.Pop();
            var below = children.GetValueOrDefault(unitId, []);
            result.Add(new UnitView(unitId, Units[unitId].DisplayName, Units[unitId].ParentId, depth, below.Length));
            foreach (var child in below.Reverse())
            {
                pending.Push((child, depth + 1));
            }
        }

        return result.ToArray();
    }
}
