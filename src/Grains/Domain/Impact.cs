namespace Authz.Grains.Domain;

/// <summary>How one user's permissions in one unit change.</summary>
[GenerateSerializer, Immutable, Alias("authz.PermissionChange")]
public sealed record PermissionChange(
    [property: Id(0)] string UnitId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string[] Gained,
    [property: Id(3)] string[] Lost)
{
    /// <summary>The change from one set of roles to another, or null when the permissions in effect stay the same.</summary>
    public static PermissionChange? Between(string unitId, string userId, RoleTable beforeTable, HeldRole[] before, RoleTable afterTable, HeldRole[] after, DateTimeOffset now)
    {
        var had = beforeTable.PermissionIdsInEffect(before, now).ToHashSet(StringComparer.Ordinal);
        var has = afterTable.PermissionIdsInEffect(after, now).ToHashSet(StringComparer.Ordinal);
        var gained = has.Except(had).Order(StringComparer.Ordinal).ToArray();
        var lost = had.Except(has).Order(StringComparer.Ordinal).ToArray();
        return gained.Length + lost.Length == 0 ? null : new PermissionChange(unitId, userId, gained, lost);
    }
}

/// <summary>What a dry run would change (ASG-4, ROLE-3), one page of it, ordered by unit id then user id.</summary>
[GenerateSerializer, Immutable, Alias("authz.ImpactPage")]
public sealed record ImpactPage(
    [property: Id(0)] int TotalCount,
    [property: Id(1)] int UsersAffected,
    [property: Id(2)] int UnitsAffected,
    [property: Id(3)] PermissionChange[] Changes,
    [property: Id(4)] string? NextPageToken)
{
    public static readonly ImpactPage None = new(0, 0, 0, [], null);

    public static ImpactPage Of(IEnumerable<PermissionChange> changes, string? pageToken, int pageSize)
    {
        var all = changes
            .OrderBy(change => change.UnitId, StringComparer.Ordinal)
            .ThenBy(change => change.UserId, StringComparer.Ordinal)
            .ToArray();
        var after = PageToken.Decode(pageToken, 2);
        var rest = after is null
            ? all
            : all.SkipWhile(change => Compare(change, after[0], after[1]) <= 0).ToArray();
        var page = rest.Take(pageSize).ToArray();
        return new ImpactPage(all.Length,
            all.Select(change => change.UserId).Distinct(StringComparer.Ordinal).Count(),
            all.Select(change => change.UnitId).Distinct(StringComparer.Ordinal).Count(),
            page,
            rest.Length > pageSize ? PageToken.Encode(page[^1].UnitId, page[^1].UserId) : null);
    }

    private static int Compare(PermissionChange change, string unitId, string userId)
    {
        var byUnit = string.CompareOrdinal(change.UnitId, unitId);
        return byUnit != 0 ? byUnit : string.CompareOrdinal(change.UserId, userId);
    }
}
