using Authz.Grains;
using Authz.Grains.Domain;
using Authz.Grains.Units;
using Orleans.Streams;

namespace Authz.Tests.Grains;

/// <summary>Stream messages are hints: duplicates, stale ones and ones that skip ahead change nothing by themselves.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FanOutTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private async Task<string> TreeAsync()
    {
        var id = $"fan-{Guid.NewGuid():N}"[..24];
        var organization = Grains.Organization(id);
        await organization.CreateAsync("Fan-out", Plan.Advanced, OrganizationStructure.Hierarchical, [], new NewUser("founder", "founder@example.org", "F", "F"), null, null);
        await organization.CreatePermissionAsync("doc.read", "");
        await organization.CreateRoleAsync("reader", "Reader", ["doc.read"]);
        await organization.CreateUnitAsync("p", "P", null);
        await organization.CreateUnitAsync("c", "C", "p");
        await organization.CreateUnitAsync("g", "G", "c");
        await Grains.UserDirectory(id).CreateUserAsync("ada", "ada@example.org", "Ada", "L");
        return id;
    }

    private IAsyncStream<FanOut> Inbox(string organizationId, string unitId) =>
        fixture.Cluster.Client.GetStreamProvider(StorageNames.Streams).GetStream<FanOut>(StreamId.Create(UnitStreams.FanOut, GrainKeys.Unit(organizationId, unitId)));

    private async Task<string> HoldingsAsync(string organizationId, RevisionToken token)
    {
        var holdings = new List<string>();
        foreach (var unitId in new[] { "p", "c", "g" })
        {
            await Grains.Unit(organizationId, unitId).AwaitRevisionAsync(token);
            var view = await Grains.Unit(organizationId, unitId).FindAssignmentAsync("ada");
            holdings.Add(view is null ? $"{unitId}:-" : $"{unitId}:{string.Join(",", view.Roles.Select(role => role.RoleId))}<{view.OriginUnitId}");
        }

        return string.Join(" ", holdings);
    }

    [Fact, Trait("Rule", "INH-2")]
    public async Task A_message_delivered_twice_or_after_a_newer_one_changes_nothing()
    {
        var id = await TreeAsync();
        var parent = Grains.Unit(id, "p");
        await parent.AssignRolesAsync("ada", ["reader"], null, null);
        var on = await parent.SetInheritanceAsync("ada", InheritanceMode.Replace);
        Assert.Equal("p:reader< c:reader<p g:reader<p", await HoldingsAsync(id, on.Token));
        var switchedOn = (await Grains.UnitProtocol(id, "p").GetFanOutsAfterAsync(0)).Single();
        var head = await Grains.ChangeFeed(id).HeadAsync();

        await Inbox(id, "c").OnNextAsync(switchedOn);
        await Inbox(id, "c").OnNextAsync(switchedOn);
        Assert.Equal("p:reader< c:reader<p g:reader<p", await HoldingsAsync(id, on.Token));
        Assert.Equal(head, await Grains.ChangeFeed(id).HeadAsync());

        var off = await parent.SetInheritanceAsync("ada", null);
        Assert.Equal("p:reader< c:- g:-", await HoldingsAsync(id, off.Token));

        await Inbox(id, "c").OnNextAsync(switchedOn);
        await Inbox(id, "c").OnNextAsync(switchedOn with { Sequence = 0 });
        await Task.Delay(200);
        Assert.Equal("p:reader< c:- g:-", await HoldingsAsync(id, off.Token));
    }

    [Fact, Trait("Rule", "INH-2")]
    public async Task A_message_that_skips_ahead_is_not_applied_and_the_unit_pulls_what_it_missed()
    {
        var id = await TreeAsync();
        var parent = Grains.Unit(id, "p");
        await parent.AssignRolesAsync("ada", ["reader"], null, null);
        var on = await parent.SetInheritanceAsync("ada", InheritanceMode.Keep);
        Assert.Equal("p:reader< c:reader<p g:reader<p", await HoldingsAsync(id, on.Token));

        var forged = new FanOut(99, [new InheritanceChange("ada", "p", InheritanceChangeKind.Unlink, [])], fixture.Time.GetUtcNow());
        await Inbox(id, "c").OnNextAsync(forged);
        await Task.Delay(200);

        Assert.Equal("p:reader< c:reader<p g:reader<p", await HoldingsAsync(id, on.Token));
        Assert.True(await Grains.Unit(id, "g").CheckAsync("ada", "doc.read"));
    }

    [Fact, Trait("Rule", "INH-8")]
    public async Task A_unit_that_missed_messages_catches_up_from_its_parent_when_it_activates()
    {
        var id = await TreeAsync();
        var parent = Grains.Unit(id, "p");
        await parent.AssignRolesAsync("ada", ["reader"], null, null);
        var on = await parent.SetInheritanceAsync("ada", InheritanceMode.Replace);
        Assert.Equal("p:reader< c:reader<p g:reader<p", await HoldingsAsync(id, on.Token));
        await fixture.Cluster.DeactivateAsync(Grains.Unit(id, "g"));

        var off = await parent.SetInheritanceAsync("ada", null);

        Assert.False(await Grains.Unit(id, "g").CheckAsync("ada", "doc.read") && !await Grains.UnitProtocol(id, "g").CatchUpAsync(off.Token));
        Assert.Equal("p:reader< c:- g:-", await HoldingsAsync(id, off.Token));
    }
}
