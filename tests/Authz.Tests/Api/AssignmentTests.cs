using Authz.Api.V1;
using Grpc.Core;

namespace Authz.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class AssignmentTests(GatewayFixture gateway)
{
    [Fact, Trait("Rule", "ASG-1")]
    public async Task ASG1_same_role_in_several_units_different_roles_elsewhere_and_the_union_within_a_unit()
    {
        var organization = await TestOrganization.CreateAsync(gateway, Structure.Flat);
        await organization.PermissionAsync("doc.read", "doc.write", "doc.delete");
        await organization.UnitAsync("a");
        await organization.UnitAsync("b");
        await organization.UnitAsync("c");
        await organization.UserAsync("ada");
        await organization.RoleAsync("reader", "doc.read");
        await organization.RoleAsync("writer", "doc.write");

        await organization.AssignAsync("ada", "a", "reader");
        await organization.AssignAsync("ada", "b", "reader");
        await organization.AssignAsync("ada", "c", "writer");
        var both = await organization.AssignAsync("ada", "a", "writer");

        Assert.Equal(["reader", "writer"], both.Roles.Select(role => role.RoleId));
        Assert.True(await organization.CheckAsync("ada", "a", "doc.read"));
        Assert.True(await organization.CheckAsync("ada", "a", "doc.write"));
        Assert.True(await organization.CheckAsync("ada", "b", "doc.read"));
        Assert.False(await organization.CheckAsync("ada", "b", "doc.write"));
        Assert.True(await organization.CheckAsync("ada", "c", "doc.write"));
        Assert.False(await organization.CheckAsync("ada", "c", "doc.read"));
        Assert.False(await organization.CheckAsync("ada", "a", "doc.delete"));
    }

    [Fact, Trait("Rule", "ASG-2")]
    public async Task ASG2_no_role_in_a_unit_means_no_access_there()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("a");
        await organization.UnitAsync("b");
        await organization.UserAsync("ada");
        await organization.AssignAsync("ada", "a", "team-admin");

        Assert.True(await organization.CheckAsync("ada", "a", "admin.dashboard.view"));
        Assert.False(await organization.CheckAsync("ada", "b", "admin.dashboard.view"));
    }

    [Fact, Trait("Rule", "ASG-3")]
    public async Task ASG3_removing_a_role_removes_it_only_in_that_unit()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("a");
        await organization.UnitAsync("b");
        await organization.UserAsync("ada");
        await organization.AssignAsync("ada", "a", "support-admin", "reports-admin");
        await organization.AssignAsync("ada", "b", "support-admin");

        var remaining = await organization.RemoveAsync("ada", "a", "support-admin");
        var notHeld = await Assert.ThrowsAsync<RpcException>(() => organization.RemoveAsync("ada", "a", "support-admin"));

        Assert.Equal(["reports-admin"], remaining.Roles.Select(role => role.RoleId));
        Assert.False(await organization.CheckAsync("ada", "a", "admin.members.reset_password"));
        Assert.True(await organization.CheckAsync("ada", "b", "admin.members.reset_password"));
        Assert.Equal(StatusCode.NotFound, notHeld.StatusCode);
    }

    [Fact, Trait("Rule", "ASG-5")]
    public async Task ASG5_the_assignment_listing_filters_by_units_and_users_and_pages()
    {
        var organization = await TestOrganization.CreateAsync(gateway, Structure.Flat);
        string[] units = ["u1", "u2", "u3"];
        string[] users = ["ada", "bob", "cy"];
        foreach (var unit in units)
        {
            await organization.UnitAsync(unit);
        }

        foreach (var user in users)
        {
            await organization.UserAsync(user);
            foreach (var unit in units)
            {
                await organization.AssignAsync(user, unit, "reports-admin");
            }
        }

        async Task<string[]> ListAsync(string[] unitFilter, string[] userFilter, int pageSize)
        {
            var rows = new List<string>();
            var token = "";
            do
            {
                var page = await gateway.Assignments.ListAssignmentsAsync(new ListAssignmentsRequest
                {
                    OrganizationId = organization.Id, UnitIds = { unitFilter }, UserIds = { userFilter }, PageSize = pageSize, PageToken = token,
                });
                Assert.True(page.Assignments.Count <= pageSize);
                rows.AddRange(page.Assignments.Select(assignment => $"{assignment.UnitId}:{assignment.UserId}"));
                token = page.NextPageToken;
            }
            while (token != "");

            return rows.ToArray();
        }

        Assert.Equal(units.SelectMany(unit => users.Select(user => $"{unit}:{user}")), await ListAsync([], [], 2));
        Assert.Equal(["u2:ada", "u2:bob", "u2:cy"], await ListAsync(["u2"], [], 10));
        Assert.Equal(["u1:bob", "u2:bob", "u3:bob"], await ListAsync([], ["bob"], 1));
        Assert.Equal(["u1:cy", "u3:cy"], await ListAsync(["u3", "u1"], ["cy"], 5));
    }

    [Fact, Trait("Rule", "ASG-1")]
    public async Task Assigning_a_role_already_held_changes_nothing()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("a");
        await organization.UserAsync("ada");
        await organization.AssignAsync("ada", "a", "reports-admin");

        var again = await organization.AssignAsync("ada", "a", "reports-admin");

        Assert.Equal(["reports-admin"], again.Roles.Select(role => role.RoleId));
    }
}
