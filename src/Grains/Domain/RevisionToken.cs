namespace Authz.Grains.Domain;

/// <summary>A write at one unit: the number of changes that unit had sent down to its descendants by then.</summary>
[GenerateSerializer, Immutable, Alias("authz.UnitWrite")]
public sealed record UnitWrite([property: Id(0)] string UnitId, [property: Id(1)] long Emitted);

/// <summary>
/// What a write answers (CHK-4): the organization's change-feed revision it reached, the units it wrote with how
/// far each had sent changes down, and the role-table version. A unit has caught up with a token when it holds a
/// role table at least that new and, below each written unit, has applied that unit's changes up to that count;
/// units outside the written units' subtrees are unaffected by the write. Clients hold it as
/// <see cref="RevisionTokenCodec"/> text, bound to the organization and sealed.
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.RevisionToken")]
public sealed record RevisionToken(
    [property: Id(0)] long Revision,
    [property: Id(1)] UnitWrite[] Units,
    [property: Id(2)] long RoleTableVersion)
{
    public const string Field = "revision_token";

    /// <summary>The tokens of several writes as one: a unit caught up with it has caught up with each.</summary>
    public static RevisionToken Combine(IEnumerable<RevisionToken> tokens)
    {
        var all = tokens.ToArray();
        return new RevisionToken(
            all.Select(token => token.Revision).DefaultIfEmpty().Max(),
            all.SelectMany(token => token.Units).GroupBy(unit => unit.UnitId, StringComparer.Ordinal)
                .Select(group => new UnitWrite(group.Key, group.Max(unit => unit.Emitted)))
                .OrderBy(unit => unit.UnitId, StringComparer.Ordinal).ToArray(),
            all.Select(token => token.RoleTableVersion).DefaultIfEmpty().Max());
    }
}
