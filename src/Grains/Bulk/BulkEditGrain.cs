using Authz.Grains.Domain;
using Authz.Grains.Units;
using Microsoft.Extensions.Logging;

namespace Authz.Grains.Bulk;

[StatelessWorker]
public sealed class BulkEditGrain(TimeProvider time, ILogger<BulkEditGrain> logger) : Grain, IBulkEditGrain
{
    private string OrganizationId => this.GetPrimaryKeyString();

    public async Task<BulkOutcome> ApplyAsync(BulkEdit edit, bool dryRun, string? pageToken, int pageSize)
    {
        if (edit.ValidUntil <= time.GetUtcNow())
        {
            throw DomainException.Invalid("valid_until", "valid_until must be in the future");
        }

        var organization = GrainFactory.Organization(OrganizationId);
        var tree = await organization.ListUnitsAsync();
        var known = tree.Select(unit => unit.UnitId).ToHashSet(StringComparer.Ordinal);
        if (edit.UnitIds.FirstOrDefault(unitId => !known.Contains(unitId)) is { } unknownUnit)
        {
            throw DomainException.NotFound("unit", unknownUnit);
        }

        if (edit.AddRoleIds.Length > 0)
        {
            var users = await Task.WhenAll(edit.UserIds.Select(userId => GrainFactory.User(OrganizationId, userId).GetAsync()));
            if (users.FirstOrDefault(user => user.Status == UserStatus.Deleted) is { } deleted)
            {
                throw DomainException.NotFound("user", deleted.UserId);
            }
        }

        // Planned against every write acknowledged before the edit began (CHK-4); applying checks that nothing changed since.
        var unitIds = edit.UnitIds.Distinct(StringComparer.Ordinal).ToArray();
        var before = new RevisionToken((await GrainFactory.ChangeFeed(OrganizationId).HeadAsync()).Revision);
        var plans = await Task.WhenAll(unitIds.Select(async unitId =>
        {
            await GrainFactory.CaughtUpUnitAsync(OrganizationId, unitId, before);
            return (UnitId: unitId, Deltas: await UnitProtocol(unitId).PlanBulkAsync(edit));
        }));
        var changedCount = plans.Sum(plan => plan.Deltas.Length);
        if (dryRun)
        {
            return new BulkOutcome(null, changedCount, ImpactPage.Of(await ImpactAsync(plans, tree, before), pageToken, pageSize));
        }

        var tokens = new List<RevisionToken>();
        var applied = new List<(string UnitId, HoldingDelta[] Deltas)>();
        try
        {
            foreach (var plan in plans.Where(plan => plan.Deltas.Length > 0))
            {
                tokens.Add(await UnitProtocol(plan.UnitId).ApplyBulkAsync(edit, plan.Deltas));
                applied.Add(plan);
            }
        }
        catch
        {
            foreach (var plan in applied)
            {
                try
                {
                    await UnitProtocol(plan.UnitId).UndoBulkAsync(plan.Deltas);
                }
                catch (Exception error)
                {
                    logger.LogError(error, "Bulk edit of {Organization}: unit {Unit} could not be put back", OrganizationId, plan.UnitId);
                }
            }

            throw;
        }

        return new BulkOutcome(RevisionToken.Combine(tokens), changedCount, ImpactPage.None);
    }

    /// <summary>
    /// The permission changes of the planned holdings, and of the inherited copies below those that are passed on, read
    /// once each descendant has applied what <paramref name="before"/> covers (a copy may still be on its way down).
    /// </summary>
    private async Task<List<PermissionChange>> ImpactAsync((string UnitId, HoldingDelta[] Deltas)[] plans, UnitView[] tree, RevisionToken before)
    {
        var table = await GrainFactory.Organization(OrganizationId).GetRoleTableAsync();
        var now = time.GetUtcNow();
        var changes = new List<PermissionChange>();
        var children = tree.Where(unit => unit.ParentId is not null).ToLookup(unit => unit.ParentId!, unit => unit.UnitId, StringComparer.Ordinal);
        foreach (var (unitId, deltas) in plans)
        {
            foreach (var delta in deltas)
            {
                var after = delta.After?.Roles ?? [];
                changes.AddRange(Of(unitId, delta.UserId, delta.Before?.Roles ?? [], after));
                if (!delta.SendsDown)
                {
                    continue;
                }

                var passedOn = delta.After?.Inheritance is null ? [] : after;
                foreach (var descendant in Descendants(unitId, children))
                {
                    if (await (await GrainFactory.CaughtUpUnitAsync(OrganizationId, descendant, before)).FindAssignmentAsync(delta.UserId) is { OriginUnitId: var origin } copy && origin == unitId)
                    {
                        var held = copy.Roles.Select(role => new HeldRole(role.RoleId, role.ValidFrom, role.ValidUntil)).ToArray();
                        changes.AddRange(Of(descendant, delta.UserId, held, passedOn));
                    }
                }
            }
        }

        return changes;

        IEnumerable<PermissionChange> Of(string unitId, string userId, HeldRole[] before, HeldRole[] after) =>
            PermissionChange.Between(unitId, userId, table, before, table, after, now) is { } change ? [change] : [];
    }

    private static IEnumerable<string> Descendants(string unitId, ILookup<string, string> children)
    {
        var pending = new Stack<string>(children[unitId]);
        while (pending.Count > 0)
        {
            var unit = pending.Pop();
            yield return unit;
            foreach (var child in children[unit])
            {
                pending.Push(child);
            }
        }
    }

    private IUnitProtocolGrain UnitProtocol(string unitId) => GrainFactory.UnitProtocol(OrganizationId, unitId);
}
