using Authz.Grains.Domain;
using Authz.Grains.Organizations;
using Authz.Grains.Units;
using Authz.Grains.Users;

namespace Authz.Grains.Queries;

[StatelessWorker]
public sealed class AccessQueryGrain : Grain, IAccessQueryGrain
{
    private string OrganizationId => this.GetPrimaryKeyString();

    public async Task<AssignmentPage> ListAssignmentsAsync(string[] unitIds, string[] userIds, string? pageToken, int pageSize)
    {
        var after = PageToken.Decode(pageToken, 2);
        var units = await UnitsToListAsync(unitIds, userIds);
        var page = new List<AssignmentView>(pageSize);
        var hasMore = false;
        var remainingUnits = units.Where(unitId => after is null || string.CompareOrdinal(unitId, after[0]) >= 0).ToArray();
        for (var i = 0; i < remainingUnits.Length && !hasMore; i++)
        {
            var unitId = remainingUnits[i];
            var afterUser = after is not null && unitId == after[0] ? after[1] : null;
            var room = pageSize - page.Count;
            var found = await Unit(unitId).ListAssignmentsAsync(afterUser, room + 1, userIds);
            page.AddRange(found.Take(room));
            hasMore = found.Length > room || (page.Count == pageSize && i < remainingUnits.Length - 1);
        }

        return new AssignmentPage(page.ToArray(), hasMore ? PageToken.Encode(page[^1].UnitId, page[^1].UserId) : null);
    }

    public async Task<AssignmentView[]> ListUserAccessesAsync(string userId)
    {
        var unitIds = await User(userId).GetUnitsAsync();
        var found = await Task.WhenAll(unitIds.Select(unitId => Unit(unitId).FindAssignmentAsync(userId)));
        return found.OfType<AssignmentView>().ToArray();
    }

    public async Task<string[]> LookupUnitsAsync(string userId, string permissionId)
    {
        await Organization.GetAsync();
        var table = await Organization.GetRoleTableAsync();
        if (!table.TryGetPermissionIndex(permissionId, out _))
        {
            throw DomainException.NotFound("permission", permissionId);
        }

        var accesses = await ListUserAccessesAsync(userId);
        var allowed = await Task.WhenAll(accesses.Select(async access => (access.UnitId, Allowed: await Unit(access.UnitId).CheckAsync(userId, permissionId))));
        return allowed.Where(unit => unit.Allowed).Select(unit => unit.UnitId).ToArray();
    }

    public async Task<Explanation> ExplainAsync(string userId, string unitId, string permissionId)
    {
        var roles = await Unit(unitId).ExplainAsync(userId, permissionId);
        var userExists = roles.Length > 0 || await UserExistsAsync(userId);
        return Explanation.Of(unitId, roles, userExists);
    }

    /// <summary>The units to read, ordered by id: those of the filters, which must all exist.</summary>
    private async Task<string[]> UnitsToListAsync(string[] unitIds, string[] userIds)
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
            candidates.IntersectWith(perUser.SelectMany(units => units));
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

    private IOrganizationGrain Organization => GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId);

    private IUnitGrain Unit(string unitId) => GrainFactory.GetGrain<IUnitGrain>(GrainKeys.Unit(OrganizationId, unitId));

    private IUserGrain User(string userId) => GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(OrganizationId, userId));
}
