using Authz.Grains.Domain;
using Authz.Grains.Export;
using Authz.Grains.Organizations;
using Authz.Grains.Units;
using Authz.Grains.Users;

namespace Authz.Grains.Queries;

[StatelessWorker]
public sealed class AccessQueryGrain : Grain, IAccessQueryGrain
{
    private string OrganizationId => this.GetPrimaryKeyString();

    public async Task<AssignmentPage> ListAssignmentsAsync(string[] unitIds, string[] userIds, string? pageToken, int pageSize, RevisionToken? token)
    {
        var after = PageToken.Decode(pageToken, 2);
        var units = await UnitsToListAsync(unitIds, userIds, token);
        var page = new List<AssignmentView>(pageSize);
        var hasMore = false;
        var remainingUnits = units.Where(unitId => after is null || string.CompareOrdinal(unitId, after[0]) >= 0).ToArray();
        for (var i = 0; i < remainingUnits.Length && !hasMore; i++)
        {
            var unitId = remainingUnits[i];
            var afterUser = after is not null && unitId == after[0] ? after[1] : null;
            var room = pageSize - page.Count;
            var found = await (await CaughtUpUnitAsync(unitId, token)).ListAssignmentsAsync(afterUser, room + 1, userIds);
            page.AddRange(found.Take(room));
            hasMore = found.Length > room || (page.Count == pageSize && i < remainingUnits.Length - 1);
        }

        return new AssignmentPage(page.ToArray(), hasMore ? PageToken.Encode(page[^1].UnitId, page[^1].UserId) : null);
    }

    public async Task<AssignmentView[]> ListUserAccessesAsync(string userId, bool everyUnit, RevisionToken? token)
    {
        var tree = everyUnit || token is not null ? await Organization.ListUnitsAsync() : null;

        // The user's unit index may not yet name a unit a pending fan-out reaches: with a token, every unit is asked.
        var unitIds = token is null ? await User(userId).GetUnitsAsync() : tree!.Select(unit => unit.UnitId).ToArray();
        var found = await Task.WhenAll(unitIds.Select(async unitId =>
        {
            return await (await CaughtUpUnitAsync(unitId, token)).FindAssignmentAsync(userId);
        }));
        var held = found.OfType<AssignmentView>().OrderBy(access => access.UnitId, StringComparer.Ordinal).ToArray();
        if (!everyUnit)
        {
            return held;
        }

        var byUnit = held.ToDictionary(access => access.UnitId, StringComparer.Ordinal);
        return tree!.Select(unit => byUnit.GetValueOrDefault(unit.UnitId) ?? new AssignmentView(userId, unit.UnitId, [], null, null)).ToArray();
    }

    public async Task<string[]> LookupUnitsAsync(string userId, string permissionId, RevisionToken? token)
    {
        await Organization.GetAsync();
        var table = await Organization.GetRoleTableAsync();
        if (!table.TryGetPermissionIndex(permissionId, out _))
        {
            throw DomainException.NotFound("permission", permissionId);
        }

        var accesses = await ListUserAccessesAsync(userId, everyUnit: false, token);
        var allowed = await Task.WhenAll(accesses.Select(async access => (access.UnitId, Allowed: await Unit(access.UnitId).CheckAsync(userId, permissionId))));
        return allowed.Where(unit => unit.Allowed).Select(unit => unit.UnitId).ToArray();
    }

    public async Task<Explanation> ExplainAsync(string userId, string unitId, string permissionId, RevisionToken? token)
    {
        var holding = await (await CaughtUpUnitAsync(unitId, token)).ExplainAsync(userId, permissionId);
        var userExists = holding.Roles.Length > 0 || await UserExistsAsync(userId);
        return Explanation.Of(unitId, holding.Roles, holding.OriginUnitId, userExists);
    }

    public async Task<AccessRow[]> ExportAsync(string[] unitIds, string[] userIds, RevisionToken? token)
    {
        var tree = (await Organization.ListUnitsAsync()).ToDictionary(unit => unit.UnitId, StringComparer.Ordinal);
        var profiles = new Dictionary<string, UserProfile>(StringComparer.Ordinal);
        foreach (var userId in userIds)
        {
            profiles[userId] = await User(userId).GetAsync();
        }

        var rows = new List<AccessRow>();
        string? pageToken = null;
        do
        {
            var page = await ListAssignmentsAsync(unitIds, userIds, pageToken, 1000, token);
            foreach (var access in page.Assignments)
            {
                if (!profiles.TryGetValue(access.UserId, out var profile))
                {
                    profiles[access.UserId] = profile = await User(access.UserId).GetAsync();
                }

                var origin = access.OriginUnitId is { } originId ? tree.GetValueOrDefault(originId) : null;
                rows.AddRange(access.Roles.Select(role => new AccessRow(
                    access.UserId, profile.Email, $"{profile.GivenName} {profile.FamilyName}".Trim(),
                    access.UnitId, tree.GetValueOrDefault(access.UnitId)?.DisplayName ?? access.UnitId,
                    role.RoleId, role.DisplayName, access.OriginUnitId is not null, access.OriginUnitId, origin?.DisplayName,
                    role.ValidFrom, role.ValidUntil)));
            }

            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);

        return rows.ToArray();
    }

    /// <summary>
    /// The units to read, ordered by id: those of the filters, which must all exist. Without a token, only the units
    /// the filtered users' indexes name; with one, every unit, as the indexes may lag a pending fan-out.
    /// </summary>
    private async Task<string[]> UnitsToListAsync(string[] unitIds, string[] userIds, RevisionToken? token)
    {
        var tree = await Organization.ListUnitsAsync();
        var candidates = tree.Select(unit => unit.UnitId).ToHashSet(StringComparer.Ordinal);
        if (unitIds.FirstOrDefault(unitId => !candidates.Contains(unitId)) is { } unknown)
        {
            throw DomainException.NotFound("unit", unknown);
        }

        if (unitIds.Length > 0)
        {
            candidates.IntersectWith(unitIds);
        }

        if (userIds.Length > 0)
        {
            var perUser = await Task.WhenAll(userIds.Select(userId => User(userId).GetUnitsAsync()));
            if (token is null)
            {
                candidates.IntersectWith(perUser.SelectMany(units => units));
            }
        }

        return candidates.Order(StringComparer.Ordinal).ToArray();
    }

    private async Task<bool> UserExistsAsync(string userId)
    {
        try
        {
            await User(userId).GetAsync();
            return true;
        }
        catch (DomainException error) when (error.Error == DomainError.NotFound)
        {
            return false;
        }
    }

    private IOrganizationGrain Organization => GrainFactory.Organization(OrganizationId);

    private IUnitGrain Unit(string unitId) => GrainFactory.Unit(OrganizationId, unitId);

    private Task<IUnitGrain> CaughtUpUnitAsync(string unitId, RevisionToken? token) => GrainFactory.CaughtUpUnitAsync(OrganizationId, unitId, token);

    private IUserGrain User(string userId) => GrainFactory.User(OrganizationId, userId);
}
