using Authz.Api.V1;
using Grpc.Core;

namespace Authz.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class OrganizationAndUnitTests(GatewayFixture gateway)
{
    [Fact, Trait("Rule", "ORG-2"), Trait("Rule", "ORG-3")]
    public async Task ORG2_ORG3_an_organization_keeps_its_plan_add_ons_and_structure()
    {
        var id = GatewayFixture.NewOrganizationId();
        await gateway.Organizations.CreateOrganizationAsync(new CreateOrganizationRequest
        {
            OrganizationId = id, DisplayName = "Scuola", Plan = Plan.Enterprise, Structure = Structure.Flat,
            AddOns = { AddOn.DataGovernance },
            Administrator = new NewUser { UserId = "admin", Email = "admin@example.org", GivenName = "First", FamilyName = "Admin" },
        });

        var organization = await gateway.Organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = id });

        Assert.Equal(Plan.Enterprise, organization.Plan);
        Assert.Equal(Structure.Flat, organization.Structure);
        Assert.Equal([AddOn.DataGovernance], organization.AddOns);
        Assert.Equal("Scuola", organization.DisplayName);
    }

    [Fact, Trait("Rule", "ORG-1")]
    public async Task ORG1_the_same_ids_in_two_organizations_are_separate_objects()
    {
        var first = await TestOrganization.CreateAsync(gateway);
        var second = await TestOrganization.CreateAsync(gateway);
        foreach (var organization in new[] { first, second })
        {
            await organization.UnitAsync("emea");
            await organization.UserAsync("ada");
            await organization.PermissionAsync("files.read");
            await organization.RoleAsync("reader", "files.read");
        }

        await first.AssignAsync("ada", "emea", "reader");

        Assert.True(await first.CheckAsync("ada", "emea", "files.read"));
        Assert.False(await second.CheckAsync("ada", "emea", "files.read"));
        var secondAssignments = await gateway.Assignments.ListAssignmentsAsync(new ListAssignmentsRequest { OrganizationId = second.Id });
        Assert.Empty(secondAssignments.Assignments);
    }

    [Fact, Trait("Rule", "INH-1"), Trait("Rule", "ORG-3")]
    public async Task INH1_units_form_a_tree_with_several_roots_listed_in_tree_order()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("north");
        await organization.UnitAsync("b-school", parent: "north");
        await organization.UnitAsync("a-school", parent: "north");
        await organization.UnitAsync("class-1", parent: "a-school");
        await organization.UnitAsync("south");

        var units = (await gateway.Units.ListUnitsAsync(new ListUnitsRequest { OrganizationId = organization.Id })).Units;

        Assert.Equal(["north", "a-school", "class-1", "b-school", "south"], units.Select(unit => unit.UnitId));
        Assert.Equal([0, 1, 2, 1, 0], units.Select(unit => unit.Depth));
        Assert.Equal(["", "north", "a-school", "north", ""], units.Select(unit => unit.ParentUnitId));
        Assert.Equal(2, units[0].ChildCount);
    }

    [Fact, Trait("Rule", "ORG-3")]
    public async Task ORG3_a_flat_organization_refuses_a_parent_unit()
    {
        var organization = await TestOrganization.CreateAsync(gateway, Structure.Flat);
        await organization.UnitAsync("office-a");

        var error = await Assert.ThrowsAsync<RpcException>(() => organization.UnitAsync("office-b", parent: "office-a"));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var units = await gateway.Units.ListUnitsAsync(new ListUnitsRequest { OrganizationId = organization.Id });
        Assert.Single(units.Units);
    }

    [Fact, Trait("Rule", "INH-1")]
    public async Task A_unit_is_renamed_and_deleted_only_without_children_or_assignments()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("parent");
        await organization.UnitAsync("child", parent: "parent");
        await organization.UserAsync("ada");
        await organization.RoleAsync("viewer", "admin.dashboard.view");
        await organization.AssignAsync("ada", "child", "viewer");

        var renamed = await gateway.Units.RenameUnitAsync(new RenameUnitRequest { OrganizationId = organization.Id, UnitId = "child", DisplayName = "Renamed" });
        var withChildren = await Assert.ThrowsAsync<RpcException>(async () =>
            await gateway.Units.DeleteUnitAsync(new DeleteUnitRequest { OrganizationId = organization.Id, UnitId = "parent" }));
        var withAssignments = await Assert.ThrowsAsync<RpcException>(async () =>
            await gateway.Units.DeleteUnitAsync(new DeleteUnitRequest { OrganizationId = organization.Id, UnitId = "child" }));
        await organization.RemoveAsync("ada", "child", "viewer");
        await gateway.Units.DeleteUnitAsync(new DeleteUnitRequest { OrganizationId = organization.Id, UnitId = "child" });
        await gateway.Units.DeleteUnitAsync(new DeleteUnitRequest { OrganizationId = organization.Id, UnitId = "parent" });

        Assert.Equal("Renamed", renamed.DisplayName);
        Assert.Equal(StatusCode.FailedPrecondition, withChildren.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, withAssignments.StatusCode);
        Assert.Empty((await gateway.Units.ListUnitsAsync(new ListUnitsRequest { OrganizationId = organization.Id })).Units);
        var gone = await Assert.ThrowsAsync<RpcException>(() => organization.CheckAsync("ada", "child", "admin.dashboard.view"));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Ids_left_empty_are_chosen_by_the_server()
    {
        var organization = await TestOrganization.CreateAsync(gateway);

        var unit = await gateway.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = organization.Id, DisplayName = "Anonymous" });
        var user = await gateway.Users.CreateUserAsync(new CreateUserRequest { OrganizationId = organization.Id, Email = "x@example.org", GivenName = "X", FamilyName = "Y" });
        var role = await gateway.Roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = organization.Id, DisplayName = "Nameless" });

        Assert.NotEmpty(unit.UnitId);
        Assert.NotEmpty(user.UserId);
        Assert.NotEmpty(role.RoleId);
        Assert.Equal(unit.UnitId, (await gateway.Units.GetUnitAsync(new GetUnitRequest { OrganizationId = organization.Id, UnitId = unit.UnitId })).UnitId);
    }
}
