using System.Globalization;
using System.Text;

namespace Authz.Grains.Domain;

/// <summary>A write at one unit: the number of changes that unit had sent down to its descendants by then.</summary>
[GenerateSerializer, Immutable, Alias("authz.UnitWrite")]
public sealed record UnitWrite([property: Id(0)] string UnitId, [property: Id(1)] long Emitted);

/// <summary>
/// What a write answers (CHK-4): the organization's change-feed revision it reached, the units it wrote with how
/// far each had sent changes down, and the role-table version. A unit has caught up with a token when it holds a
/// role table at least that new and, below each written unit, has applied that unit's changes up to that count;
/// units outside the written units' subtrees are unaffected by the write.
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.RevisionToken")]
public sealed record RevisionToken(
    [property: Id(0)] long Revision,
    [property: Id(1)] UnitWrite[] Units,
    [property: Id(2)] long RoleTableVersion)
{
    public const string Field = "revision_token";

    /// <summary>Room for a write across every unit a bulk edit may name.</summary>
    public const int MaxLength = 64 * 1024;

    private const string Marker = "authz.rev.v1";

    public string Encode()
    {
        var units = string.Join(',', Units.Select(unit => $"{unit.UnitId}={unit.Emitted.ToString(CultureInfo.InvariantCulture)}"));
        var text = string.Join(';', Marker, Revision.ToString(CultureInfo.InvariantCulture), RoleTableVersion.ToString(CultureInfo.InvariantCulture), units);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Null for an empty token; InvalidArgument when it is not a token this service issued.</summary>
    public static RevisionToken? Decode(string? token, string field = Field)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (token.Length > MaxLength)
        {
            throw DomainException.Invalid(field, $"{field} is too long");
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split(';');
            if (parts is [Marker, var revision, var table, var units]
                && long.TryParse(revision, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedRevision)
                && long.TryParse(table, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedTable))
            {
                var writes = units.Length == 0 ? [] : units.Split(',').Select(ParseUnit).ToArray();
                return new RevisionToken(parsedRevision, writes, parsedTable);
            }
        }
        catch (FormatException)
        {
        }

        throw DomainException.Invalid(field, $"{field} is not a token this service issued");
    }

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

    private static UnitWrite ParseUnit(string text)
    {
        var at = text.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0 || !long.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var emitted) || !Ids.IsValid(text[..at]))
        {
            throw new FormatException();
        }

        return new UnitWrite(text[..at], emitted);
    }
}
