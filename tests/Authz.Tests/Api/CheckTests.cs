using Authz.Api.V1;
using Grpc.Core;

namespace Authz.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class CheckTests(GatewayFixture gateway)
{
    private static async Task<TestOrganization> SchoolAsync(GatewayFixture gateway)
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.PermissionAsync("privacy.register.read", "privacy.register.write");
        await organization.UnitAsync("north");
        await organization.UnitAsync("south");
        await organization.UnitAsync("east");
        await organization.UserAsync("ada");
        await organization.UserAsync("bob");
        await organization.UserAsync("cy");
        await organization.RoleAsync("reader", "privacy.register.read");
        await organization.RoleAsync("writer", "privacy.register.write");
        await organization.AssignAsync("ada", "north", "reader", "writer");
        await organization.AssignAsync("ada", "south", "reader");
        await organization.AssignAsync("bob", "north", "reader");
        await organization.AssignAsync("cy", "east", "writer");
        return organization;
    }

    [Fact, Trait("Rule", "CHK-1")]
    public async Task A_check_in_an_unknown_organization_names_the_organization_and_one_in_an_existing_one_the_unit()
    {
        var organization = await SchoolAsync(gateway);
        var unknownOrganizationId = GatewayFixture.NewOrganizationId("missing");

        var inUnknownOrganization = await Assert.ThrowsAsync<RpcException>(() => gateway.Checks.CheckAsync(new CheckRequest
        {
            OrganizationId = unknownOrganizationId, UserId = "ada", UnitId = "north", PermissionId = "privacy.register.read",
        }).ResponseAsync);
        var batchInUnknownOrganization = await gateway.Checks.CheckBatchAsync(new CheckBatchRequest
        {
            OrganizationId = unknownOrganizationId,
            Items = { new CheckBatchItem { UserId = "ada", UnitId = "north", PermissionId = "privacy.register.read" } },
        });
        var inUnknownUnit = await Assert.ThrowsAsync<RpcException>(() => organization.CheckAsync("ada", "west", "privacy.register.read"));

        Assert.Equal((StatusCode.NotFound, $"organization '{unknownOrganizationId}' not found"), (inUnknownOrganization.StatusCode, inUnknownOrganization.Status.Detail));
        Assert.Equal($"organization '{unknownOrganizationId}' not found", batchInUnknownOrganization.Results.Single().Error.Message);
        Assert.Equal((StatusCode.NotFound, "unit 'west' not found"), (inUnknownUnit.StatusCode, inUnknownUnit.Status.Detail));
    }

    [Fact, Trait("Rule", "CHK-1")]
    public async Task CHK1_check_answers_from_the_roles_held_in_the_unit()
    {
        var organization = await SchoolAsync(gateway);

        Assert.True(await organization.CheckAsync("ada", "north", "privacy.register.write"));
        Assert.False(await organization.CheckAsync("ada", "south", "privacy.register.write"));
        Assert.False(await organization.CheckAsync("nobody", "north", "privacy.register.read"));
        var unknownUnit = await Assert.ThrowsAsync<RpcException>(() => organization.CheckAsync("ada", "west", "privacy.register.read"));
        var unknownPermission = await Assert.ThrowsAsync<RpcException>(() => organization.CheckAsync("ada", "north", "privacy.register.delete"));
        Assert.Equal(StatusCode.NotFound, unknownUnit.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknownPermission.StatusCode);
    }

    [Fact, Trait("Rule", "CHK-2")]
    public async Task CHK2_a_batch_answers_every_item_in_order_with_per_item_errors()
    {
        var organization = await SchoolAsync(gateway);
        var request = new CheckBatchRequest { OrganizationId = organization.Id };
        request.Items.Add(new CheckBatchItem { UserId = "ada", UnitId = "north", PermissionId = "privacy.register.write" });
        request.Items.Add(new CheckBatchItem { UserId = "bob", UnitId = "north", PermissionId = "privacy.register.write" });
        request.Items.Add(new CheckBatchItem { UserId = "ada", UnitId = "west", PermissionId = "privacy.register.read" });
        request.Items.Add(new CheckBatchItem { UserId = "ada", UnitId = "south", PermissionId = "privacy.register.read" });
        request.Items.Add(new CheckBatchItem { UserId = "ada", UnitId = "south", PermissionId = "no.such.permission" });

        var results = (await gateway.Checks.CheckBatchAsync(request)).Results;

        Assert.Equal([true, false, false, true, false], results.Select(result => result.Allowed));
        Assert.Equal([0, 0, (int)StatusCode.NotFound, 0, (int)StatusCode.NotFound], results.Select(result => result.Error?.Code ?? 0));
    }

    [Fact, Trait("Rule", "CHK-2")]
    public async Task CHK2_lookups_find_the_units_of_a_user_and_the_users_of_a_unit()
    {
        var organization = await SchoolAsync(gateway);

        var units = await gateway.Checks.LookupUnitsAsync(new LookupUnitsRequest { OrganizationId = organization.Id, UserId = "ada", PermissionId = "privacy.register.read" });
        var users = await gateway.Checks.LookupUsersAsync(new LookupUsersRequest { OrganizationId = organization.Id, UnitId = "north", PermissionId = "privacy.register.read" });
        var firstPage = await gateway.Checks.LookupUsersAsync(new LookupUsersRequest { OrganizationId = organization.Id, UnitId = "north", PermissionId = "privacy.register.read", PageSize = 1 });
        var secondPage = await gateway.Checks.LookupUsersAsync(new LookupUsersRequest
        {
            OrganizationId = organization.Id, UnitId = "north", PermissionId = "privacy.register.read", PageSize = 1, PageToken = firstPage.NextPageToken,
        });

        Assert.Equal(["north", "south"], units.UnitIds);
        Assert.Equal(["ada", "bob"], users.UserIds);
        Assert.Equal(["ada"], firstPage.UserIds);
        Assert.Equal(["bob"], secondPage.UserIds);
        Assert.Equal("", secondPage.NextPageToken);
    }

    [Fact, Trait("Rule", "CHK-3")]
    public async Task CHK3_explain_names_the_granting_roles_or_the_reason_for_a_denial()
    {
        var organization = await SchoolAsync(gateway);

        async Task<ExplainResponse> ExplainAsync(string user, string unit, string permission) =>
            await gateway.Checks.ExplainAsync(new ExplainRequest { OrganizationId = organization.Id, UserId = user, UnitId = unit, PermissionId = permission });

        var allowed = await ExplainAsync("ada", "north", "privacy.register.write");
        var noGrantingRole = await ExplainAsync("ada", "south", "privacy.register.write");
        var noRole = await ExplainAsync("bob", "south", "privacy.register.read");
        var noUser = await ExplainAsync("ghost", "south", "privacy.register.read");

        Assert.True(allowed.Allowed);
        Assert.Equal(["reader:False", "writer:True"], allowed.Roles.Select(role => $"{role.RoleId}:{role.GrantsPermission}"));
        Assert.All(allowed.Roles, role => Assert.Equal("north", role.UnitId));
        Assert.Contains("writer", allowed.Summary);
        Assert.Equal(DenialReason.NoRoleGrantsPermission, noGrantingRole.DenialReason);
        Assert.Equal(DenialReason.NoRoleInUnit, noRole.DenialReason);
        Assert.Equal(DenialReason.UserNotFound, noUser.DenialReason);
        Assert.False(noUser.Allowed);
    }
}
