using Authz.Api.V1;

namespace Authz.Tests.Api;

/// <summary>
/// Checks answered from a unit's view in the silo (no grain call) are never older than the unit grain's last
/// completed change, and never older than a revision token asks (CHK-4).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class CheckViewTests(GatewayFixture gateway)
{
    [Fact, Trait("Rule", "CHK-4")]
    public async Task A_write_to_the_unit_withdraws_its_view_before_it_is_acknowledged()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.PermissionAsync("doc.read");
        await organization.RoleAsync("reader", "doc.read");
        await organization.UnitAsync("north");
        await organization.UserAsync("ada");
        await organization.AssignAsync("ada", "north", "reader");

        Assert.True(await CheckWithoutTokenAsync(organization, "ada", "north"));
        Assert.True(gateway.Views.TryGet(organization.Id, "north", out _));

        await organization.RemoveAsync("ada", "north", "reader");

        Assert.False(gateway.Views.TryGet(organization.Id, "north", out _));
        Assert.False(await CheckWithoutTokenAsync(organization, "ada", "north"));
        Assert.True(gateway.Views.TryGet(organization.Id, "north", out var republished));
        Assert.False(await organization.CheckAsync("ada", "north", "doc.read"));
        Assert.True(gateway.Views.TryGet(organization.Id, "north", out var caughtUp));
        Assert.NotSame(republished, caughtUp);
        Assert.True(caughtUp.HasApplied(GatewayFixture.RevisionTokens.Decode(organization.Id, organization.Revision)!));
    }

    [Fact, Trait("Rule", "CHK-4")]
    public async Task A_view_is_not_used_for_a_token_it_does_not_hold_and_a_change_from_above_withdraws_it()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.PermissionAsync("doc.read");
        await organization.RoleAsync("reader", "doc.read");
        await organization.UnitAsync("hq");
        await organization.UnitAsync("sales", parent: "hq");
        await organization.UserAsync("ada");
        await organization.AssignAsync("ada", "hq", "reader");
        Assert.False(await CheckWithoutTokenAsync(organization, "ada", "sales"));
        Assert.True(gateway.Views.TryGet(organization.Id, "sales", out var before));

        var inherited = await organization.InheritAsync("ada", "hq", InheritanceMode.Replace);

        var token = GatewayFixture.RevisionTokens.Decode(organization.Id, inherited.RevisionToken)!;
        Assert.False(before.HasApplied(token));
        var answer = await gateway.Checks.CheckAsync(new CheckRequest
        {
            OrganizationId = organization.Id, UserId = "ada", UnitId = "sales", PermissionId = "doc.read", RevisionToken = inherited.RevisionToken,
        });
        Assert.True(answer.Allowed);
        Assert.True(gateway.Views.TryGet(organization.Id, "sales", out var after) && after.HasApplied(token));
        Assert.NotSame(before, after);
    }

    [Fact, Trait("Rule", "CHK-1")]
    public async Task A_permission_created_a_moment_ago_is_known_to_every_check_even_before_its_unit_received_the_new_role_table()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.PermissionAsync("doc.read");
        await organization.UnitAsync("north");
        await organization.UserAsync("ada");
        Assert.False(await CheckWithoutTokenAsync(organization, "ada", "north"));
        Assert.True(gateway.Views.TryGet(organization.Id, "north", out _));

        await organization.PermissionAsync("doc.fresh");

        var single = await gateway.Checks.CheckAsync(new CheckRequest { OrganizationId = organization.Id, UserId = "ada", UnitId = "north", PermissionId = "doc.fresh" });
        var batch = await gateway.Checks.CheckBatchAsync(new CheckBatchRequest
        {
            OrganizationId = organization.Id,
            Items = { new CheckBatchItem { UserId = "ada", UnitId = "north", PermissionId = "doc.fresh" } },
        });
        Assert.False(single.Allowed);
        Assert.Null(batch.Results[0].Error);
        Assert.False(batch.Results[0].Allowed);
    }

    [Fact, Trait("Rule", "CHK-2")]
    public async Task CheckBatch_answers_from_views_and_grains_alike()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.PermissionAsync("doc.read");
        await organization.RoleAsync("reader", "doc.read");
        await organization.UnitAsync("north");
        await organization.UnitAsync("south");
        await organization.UserAsync("ada");
        await organization.AssignAsync("ada", "north", "reader");
        Assert.True(await CheckWithoutTokenAsync(organization, "ada", "north"));
        Assert.False(gateway.Views.TryGet(organization.Id, "south", out _));

        var reply = await gateway.Checks.CheckBatchAsync(new CheckBatchRequest
        {
            OrganizationId = organization.Id,
            Items =
            {
                new CheckBatchItem { UserId = "ada", UnitId = "north", PermissionId = "doc.read" },
                new CheckBatchItem { UserId = "ada", UnitId = "south", PermissionId = "doc.read" },
                new CheckBatchItem { UserId = "ada", UnitId = "north", PermissionId = "doc.unknown" },
                new CheckBatchItem { UserId = "ada", UnitId = "west", PermissionId = "doc.read" },
            },
        });

        Assert.True(reply.Results[0].Allowed);
        Assert.False(reply.Results[1].Allowed);
        Assert.Null(reply.Results[1].Error);
        Assert.Equal((int)Grpc.Core.StatusCode.NotFound, reply.Results[2].Error.Code);
        Assert.Equal((int)Grpc.Core.StatusCode.NotFound, reply.Results[3].Error.Code);
        Assert.True(gateway.Views.TryGet(organization.Id, "south", out _));
    }

    private async Task<bool> CheckWithoutTokenAsync(TestOrganization organization, string userId, string unitId) =>
        (await gateway.Checks.CheckAsync(new CheckRequest { OrganizationId = organization.Id, UserId = userId, UnitId = unitId, PermissionId = "doc.read" })).Allowed;
}
