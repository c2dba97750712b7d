using Authz.Api.V1;
using Authz.Tests.Security;
using Grpc.Core;

namespace Authz.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class BulkEditTests(GatewayFixture gateway)
{
    private static readonly string[] Users = [.. Enumerable.Range(0, 10).Select(i => $"user-{i}")];
    private static readonly string[] Units = ["u1", "u2", "u3", "u4", "u5"];

    private static async Task<TestOrganization> OrganizationAsync(GatewayFixture gateway)
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.PermissionAsync("doc.read", "doc.write", "doc.share");
        await organization.RoleAsync("reader", "doc.read");
        await organization.RoleAsync("writer", "doc.write");
        await organization.RoleAsync("sharer", "doc.share");
        foreach (var unit in Units)
        {
            await organization.UnitAsync(unit);
        }

        foreach (var user in Users)
        {
            await organization.UserAsync(user);
        }

        return organization;
    }

    private static BulkEditAssignmentsRequest Edit(TestOrganization organization, string[]? add = null, string[]? remove = null, bool dryRun = false) => new()
    {
        OrganizationId = organization.Id, UserIds = { Users }, UnitIds = { Units }, AddRoleIds = { add ?? [] }, RemoveRoleIds = { remove ?? [] }, DryRun = dryRun,
    };

    private static async Task<int> CountAssignmentsAsync(TestOrganization organization) =>
        (await organization.Gateway.Assignments.ListAssignmentsAsync(new ListAssignmentsRequest
        {
            OrganizationId = organization.Id, PageSize = 1000, RevisionToken = organization.Revision,
        })).Assignments.Sum(assignment => assignment.Roles.Count);

    [Fact, Trait("Rule", "ASG-4")]
    public async Task ASG4_three_roles_for_ten_users_in_five_units_in_one_call_with_one_token()
    {
        var organization = await OrganizationAsync(gateway);

        var added = organization.Wrote(await gateway.Assignments.BulkEditAssignmentsAsync(Edit(organization, add: ["reader", "writer", "sharer"])));

        Assert.Equal(50, added.ChangedCount);
        Assert.NotEmpty(added.RevisionToken);
        Assert.Equal(150, await CountAssignmentsAsync(organization));
        Assert.True(await organization.CheckAsync("user-9", "u5", "doc.share"));

        var removed = organization.Wrote(await gateway.Assignments.BulkEditAssignmentsAsync(Edit(organization, remove: ["writer"])));

        Assert.Equal(50, removed.ChangedCount);
        Assert.Equal(100, await CountAssignmentsAsync(organization));
        Assert.False(await organization.CheckAsync("user-3", "u2", "doc.write"));
    }

    [Fact, Trait("Rule", "ASG-4")]
    public async Task ASG4_a_bulk_edit_is_all_or_nothing()
    {
        var organization = await OrganizationAsync(gateway);
        await organization.UnitAsync("parent");
        await organization.UnitAsync("child", "parent");
        await organization.AssignAsync("user-4", "parent", "reader");
        await organization.InheritAsync("user-4", "parent", InheritanceMode.Replace);
        await organization.CheckAsync("user-4", "child", "doc.read");

        var unknownUnit = Edit(organization, add: ["reader"]);
        unknownUnit.UnitIds.Add("nowhere");
        var unknownRole = Edit(organization, add: ["reader", "ghost"]);
        var unknownUser = Edit(organization, add: ["reader"]);
        unknownUser.UserIds.Add("ghost");
        var inherited = Edit(organization, add: ["writer"]);
        inherited.UnitIds.Add("child");
        var both = Edit(organization, add: ["reader"], remove: ["reader"]);
        var nothing = Edit(organization);

        Assert.Equal(StatusCode.NotFound, await Rpc.StatusAsync(() => gateway.Assignments.BulkEditAssignmentsAsync(unknownUnit).ResponseAsync));
        Assert.Equal(StatusCode.NotFound, await Rpc.StatusAsync(() => gateway.Assignments.BulkEditAssignmentsAsync(unknownRole).ResponseAsync));
        Assert.Equal(StatusCode.NotFound, await Rpc.StatusAsync(() => gateway.Assignments.BulkEditAssignmentsAsync(unknownUser).ResponseAsync));
        Assert.Equal(StatusCode.FailedPrecondition, await Rpc.StatusAsync(() => gateway.Assignments.BulkEditAssignmentsAsync(inherited).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Rpc.StatusAsync(() => gateway.Assignments.BulkEditAssignmentsAsync(both).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, await Rpc.StatusAsync(() => gateway.Assignments.BulkEditAssignmentsAsync(nothing).ResponseAsync));
        Assert.Equal(2, await CountAssignmentsAsync(organization));
    }

    [Fact, Trait("Rule", "ASG-4")]
    public async Task ASG4_a_dry_run_answers_who_gains_and_loses_what_including_inherited_copies_and_changes_nothing()
    {
        var organization = await OrganizationAsync(gateway);
        await organization.UnitAsync("parent");
        await organization.UnitAsync("child", "parent");
        await organization.UnitAsync("grandchild", "child");
        await organization.AssignAsync("user-0", "parent", "reader");
        await organization.InheritAsync("user-0", "parent", InheritanceMode.Replace);
        var edit = new BulkEditAssignmentsRequest
        {
            OrganizationId = organization.Id, UserIds = { "user-0", "user-1" }, UnitIds = { "parent", "u1" }, AddRoleIds = { "writer" }, DryRun = true, PageSize = 3,
        };

        var first = await gateway.Assignments.BulkEditAssignmentsAsync(edit);
        edit.PageToken = first.Impact.NextPageToken;
        var second = await gateway.Assignments.BulkEditAssignmentsAsync(edit);

        Assert.Empty(first.RevisionToken);
        Assert.Equal(4, first.ChangedCount);
        Assert.Equal(6, first.Impact.TotalCount);
        Assert.Equal(2, first.Impact.UsersAffected);
        Assert.Equal(4, first.Impact.UnitsAffected);
        var changes = first.Impact.Changes.Concat(second.Impact.Changes).Select(change => $"{change.UnitId}/{change.UserId}+{string.Join(",", change.GainedPermissionIds)}").ToArray();
        Assert.Equal(["child/user-0+doc.write", "grandchild/user-0+doc.write", "parent/user-0+doc.write", "parent/user-1+doc.write", "u1/user-0+doc.write", "u1/user-1+doc.write"], changes);
        Assert.Empty(second.Impact.NextPageToken);
        Assert.False(await organization.CheckAsync("user-0", "grandchild", "doc.write"));
        Assert.Equal(3, await CountAssignmentsAsync(organization));
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public async Task ROLE3_a_role_edit_dry_run_answers_the_impact_and_changes_nothing()
    {
        var organization = await OrganizationAsync(gateway);
        await organization.AssignAsync("user-1", "u1", "reader");
        await organization.AssignAsync("user-2", "u2", "reader", "writer");

        var preview = await gateway.Roles.SetRolePermissionsAsync(new SetRolePermissionsRequest
        {
            OrganizationId = organization.Id, RoleId = "reader", PermissionIds = { "doc.write" }, DryRun = true,
        });

        Assert.Equal(["doc.write"], preview.PermissionIds);
        Assert.Empty(preview.RevisionToken);
        Assert.Equal(2, preview.Impact.TotalCount);
        var changes = preview.Impact.Changes.Select(change => $"{change.UnitId}/{change.UserId}+{string.Join(",", change.GainedPermissionIds)}-{string.Join(",", change.LostPermissionIds)}");
        Assert.Equal(["u1/user-1+doc.write-doc.read", "u2/user-2+-doc.read"], changes);
        Assert.True(await organization.CheckAsync("user-1", "u1", "doc.read"));
        Assert.Equal(["doc.read"], (await gateway.Roles.GetRoleAsync(new GetRoleRequest { OrganizationId = organization.Id, RoleId = "reader" })).PermissionIds);
    }
}
