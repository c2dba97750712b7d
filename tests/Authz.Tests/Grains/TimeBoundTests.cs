using Authz.Grains;
using Authz.Grains.Audit;
using Authz.Grains.Domain;
using Authz.Grains.Units;

namespace Authz.Tests.Grains;

/// <summary>Time-bound roles under a fake clock: the check compares the time, and the expiry reminder removes and records.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TimeBoundTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private async Task<string> TreeAsync()
    {
        var id = GatewayFixture.NewOrganizationId();
        var organization = Grains.Organization(id);
        await organization.CreateAsync("Windows", Plan.Advanced, OrganizationStructure.Hierarchical, [], new NewUser("founder", $"founder@{id}.test", "F", "F"), null, null);
        await organization.CreatePermissionAsync("doc.read", "");
        await organization.CreateRoleAsync("reader", "Reader", ["doc.read"]);
        await organization.CreateUnitAsync("p", "P", null);
        await organization.CreateUnitAsync("c", "C", "p");
        await Grains.UserDirectory(id).CreateUserAsync("ada", $"ada@{id}.test", "Ada", "L");
        return id;
    }

    [Fact, Trait("Rule", "ASG-3")]
    public async Task A_role_counts_only_inside_its_window_and_inherited_copies_follow_the_origins_window()
    {
        var id = await TreeAsync();
        var parent = Grains.Unit(id, "p");
        var start = fixture.Time.GetUtcNow().AddHours(1);
        var end = start.AddHours(2);
        await parent.AssignRolesAsync("ada", ["reader"], start, end);
        var on = await parent.SetInheritanceAsync("ada", InheritanceMode.Replace);
        await Grains.Unit(id, "c").AwaitRevisionAsync(on.Token);

        var before = (await parent.CheckAsync("ada", "doc.read"), await Grains.Unit(id, "c").CheckAsync("ada", "doc.read"));
        fixture.Time.Advance(TimeSpan.FromHours(1));
        var during = (await parent.CheckAsync("ada", "doc.read"), await Grains.Unit(id, "c").CheckAsync("ada", "doc.read"));
        fixture.Time.Advance(TimeSpan.FromHours(2));
        var after = (await parent.CheckAsync("ada", "doc.read"), await Grains.Unit(id, "c").CheckAsync("ada", "doc.read"));

        Assert.Equal((false, false), before);
        Assert.Equal((true, true), during);
        Assert.Equal((false, false), after);
        var copy = await Grains.Unit(id, "c").FindAssignmentAsync("ada");
        Assert.Equal((start, end), (copy!.Roles.Single().ValidFrom, copy.Roles.Single().ValidUntil));
        var explained = await Grains.Unit(id, "c").ExplainAsync("ada", "doc.read");
        Assert.False(explained.Roles.Single().InEffect);
        Assert.Equal("p", explained.OriginUnitId);
    }

    [Fact, Trait("Rule", "ASG-3")]
    public async Task The_expiry_reminder_removes_expired_roles_below_too_and_records_it_in_the_audit_log()
    {
        var id = await TreeAsync();
        var parent = Grains.Unit(id, "p");
        await parent.AssignRolesAsync("ada", ["reader"], null, fixture.Time.GetUtcNow().AddMinutes(30));
        await parent.SetInheritanceAsync("ada", InheritanceMode.Replace);
        fixture.Time.Advance(TimeSpan.FromMinutes(31));

        await parent.AsReference<IRemindable>().ReceiveReminder("expiry", new TickStatus(fixture.Time.GetUtcNow().UtcDateTime, TimeSpan.FromMinutes(1), fixture.Time.GetUtcNow().UtcDateTime));

        Assert.Null(await parent.FindAssignmentAsync("ada"));
        var token = new RevisionToken((await Grains.ChangeFeed(id).HeadAsync()).Revision);
        await Grains.Unit(id, "c").AwaitRevisionAsync(token);
        Assert.Null(await Grains.Unit(id, "c").FindAssignmentAsync("ada"));
        Assert.Empty(await Grains.User(id, "ada").GetUnitsAsync());
        var audit = await Grains.GetGrain<IAuditLogGrain>(id).ListAsync("ada", null, 10);
        var entry = Assert.Single(audit.Entries, entry => entry.Record.Action.EndsWith("ExpireRoles", StringComparison.Ordinal));
        Assert.Equal("unit/p", entry.Record.Target);
        Assert.Contains("reader", entry.Record.Detail);
    }

    [Fact, Trait("Rule", "ASG-3")]
    public async Task A_window_that_has_already_closed_or_is_inverted_is_refused()
    {
        var id = await TreeAsync();
        var now = fixture.Time.GetUtcNow();

        var closed = await Assert.ThrowsAsync<DomainException>(() => Grains.Unit(id, "p").AssignRolesAsync("ada", ["reader"], null, now));
        var inverted = await Assert.ThrowsAsync<DomainException>(() => Grains.Unit(id, "p").AssignRolesAsync("ada", ["reader"], now.AddHours(2), now.AddHours(1)));

        Assert.Equal((DomainError.InvalidArgument, "valid_until"), (closed.Error, closed.Field));
        Assert.Equal(DomainError.InvalidArgument, inverted.Error);
        Assert.Null(await Grains.Unit(id, "p").FindAssignmentAsync("ada"));
    }
}
