using Authz.Api.V1;
using Authz.Tests.Security;
using Grpc.Core;

namespace Authz.Tests.Api;

/// <summary>
/// The inheritance rules through the gRPC API, on the seed's tree: a school network (root) with two schools, each
/// with classes; "reader" and "writer" as the roles an administrator ticks "inherit in child units" for.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class InheritanceTests(GatewayFixture gateway)
{
    private static readonly string[] Tree = ["network", "north", "north-1a", "north-1b", "south", "south-2a"];

    private static async Task<TestOrganization> SchoolNetworkAsync(GatewayFixture gateway, Structure structure = Structure.Hierarchical)
    {
        var organization = await TestOrganization.CreateAsync(gateway, structure);
        await organization.PermissionAsync("doc.read", "doc.write");
        await organization.RoleAsync("reader", "doc.read");
        await organization.RoleAsync("writer", "doc.write");
        await organization.UnitAsync("network");
        if (structure == Structure.Hierarchical)
        {
            await organization.UnitAsync("north", "network");
            await organization.UnitAsync("north-1a", "north");
            await organization.UnitAsync("north-1b", "north");
            await organization.UnitAsync("south", "network");
            await organization.UnitAsync("south-2a", "south");
        }

        await organization.UserAsync("ada");
        return organization;
    }

    private static async Task<Dictionary<string, string>> RolesByUnitAsync(TestOrganization organization, string userId) =>
        (await organization.AccessesAsync(userId)).ToDictionary(
            access => access.UnitId,
            access => string.Join(",", access.Roles.Select(role => role.RoleId)) + (access.InheritedFromUnitId.Length > 0 ? $"<{access.InheritedFromUnitId}" : ""));

    [Fact, Trait("Rule", "INH-2")]
    public async Task INH2_inheriting_at_a_unit_gives_the_roles_in_every_descendant()
    {
        var organization = await SchoolNetworkAsync(gateway);
        await organization.AssignAsync("ada", "north", "reader");

        var inherited = await organization.InheritAsync("ada", "north", InheritanceMode.Replace);

        Assert.Equal(InheritanceMode.Replace, inherited.Inheritance);
        Assert.NotEmpty(inherited.RevisionToken);
        Assert.True(await organization.CheckAsync("ada", "north-1a", "doc.read"));
        Assert.True(await organization.CheckAsync("ada", "north-1b", "doc.read"));
        Assert.False(await organization.CheckAsync("ada", "network", "doc.read"));
        Assert.False(await organization.CheckAsync("ada", "south-2a", "doc.read"));
        Assert.Equal("reader<north", (await RolesByUnitAsync(organization, "ada"))["north-1a"]);
    }

    [Fact, Trait("Rule", "INH-3")]
    public async Task INH3_replace_existing_replaces_the_roles_of_every_descendant()
    {
        var organization = await SchoolNetworkAsync(gateway);
        await organization.AssignAsync("ada", "north-1a", "writer");
        await organization.AssignAsync("ada", "network", "reader");

        await organization.InheritAsync("ada", "network", InheritanceMode.Replace);

        Assert.False(await organization.CheckAsync("ada", "north-1a", "doc.write"));
        var roles = await RolesByUnitAsync(organization, "ada");
        Assert.All(Tree.Skip(1), unit => Assert.Equal("reader<network", roles[unit]));
    }

    [Fact, Trait("Rule", "INH-3")]
    public async Task INH3_keep_existing_gives_the_roles_only_where_the_user_had_none()
    {
        var organization = await SchoolNetworkAsync(gateway);
        await organization.AssignAsync("ada", "north", "writer");
        await organization.AssignAsync("ada", "network", "reader");

        await organization.InheritAsync("ada", "network", InheritanceMode.Keep);

        var roles = await RolesByUnitAsync(organization, "ada");
        Assert.Equal("writer", roles["north"]);
        Assert.Equal("reader<network", roles["north-1a"]);
        Assert.Equal("reader<network", roles["south"]);
        Assert.Equal("reader<network", roles["south-2a"]);
        Assert.False(await organization.CheckAsync("ada", "north", "doc.read"));
        Assert.True(await organization.CheckAsync("ada", "north", "doc.write"));
    }

    [Fact, Trait("Rule", "INH-4")]
    public async Task INH4_inherited_roles_cannot_be_mixed_with_direct_ones_in_a_unit()
    {
        var organization = await SchoolNetworkAsync(gateway);
        await organization.AssignAsync("ada", "north", "reader");
        await organization.InheritAsync("ada", "north", InheritanceMode.Replace);
        await organization.CheckAsync("ada", "north-1a", "doc.read");

        var add = await Rpc.StatusAsync(() => organization.AssignAsync("ada", "north-1a", "writer"));
        var remove = await Rpc.StatusAsync(() => organization.RemoveAsync("ada", "north-1a", "reader"));

        Assert.Equal(StatusCode.FailedPrecondition, add);
        Assert.Equal(StatusCode.FailedPrecondition, remove);
        Assert.Equal("reader<north", (await RolesByUnitAsync(organization, "ada"))["north-1a"]);
    }

    [Fact, Trait("Rule", "INH-5")]
    public async Task INH5_removing_a_direct_role_is_a_simple_removal()
    {
        var organization = await SchoolNetworkAsync(gateway);
        await organization.AssignAsync("ada", "north-1a", "reader", "writer");

        var left = await organization.RemoveAsync("ada", "north-1a", "writer");

        Assert.Equal(["reader"], left.Roles.Select(role => role.RoleId));
        Assert.Empty(left.InheritedFromUnitId);
        Assert.False(await organization.CheckAsync("ada", "north-1a", "doc.write"));
    }

    [Fact, Trait("Rule", "INH-6")]
    public async Task INH6_modify_roles_makes_them_direct_and_breaks_the_chain_below()
    {
        var organization = await SchoolNetworkAsync(gateway);
        await organization.AssignAsync("ada", "network", "reader");
        await organization.InheritAsync("ada", "network", InheritanceMode.Replace);

        var broken = await organization.BreakAsync("ada", "north");
        var removed = await organization.RemoveAsync("ada", "north", "reader");

        Assert.Empty(broken.InheritedFromUnitId);
        Assert.Equal(["reader"], broken.Roles.Select(role => role.RoleId));
        Assert.Empty(removed.Roles);
        var roles = await RolesByUnitAsync(organization, "ada");
        Assert.Equal("", roles["north"]);
        Assert.Equal("", roles["north-1a"]);
        Assert.Equal("", roles["north-1b"]);
        Assert.Equal("reader<network", roles["south-2a"]);
        await organization.UnitAsync("north-1c", "north");
        Assert.False(await organization.CheckAsync("ada", "north-1c", "doc.read"));
    }

    [Fact, Trait("Rule", "INH-7")]
    public async Task INH7_switching_inheritance_off_removes_every_role_inherited_from_the_unit()
    {
        var organization = await SchoolNetworkAsync(gateway);
        await organization.AssignAsync("ada", "south-2a", "writer");
        await organization.AssignAsync("ada", "network", "reader");
        await organization.InheritAsync("ada", "network", InheritanceMode.Keep);

        var off = await organization.StopInheritingAsync("ada", "network");

        Assert.Equal(InheritanceMode.Unspecified, off.Inheritance);
        Assert.False(await organization.CheckAsync("ada", "north-1a", "doc.read"));
        var roles = await RolesByUnitAsync(organization, "ada");
        Assert.Equal("reader", roles["network"]);
        Assert.Equal("writer", roles["south-2a"]);
        Assert.All(new[] { "north", "north-1a", "north-1b", "south" }, unit => Assert.Equal("", roles[unit]));
    }

    [Fact, Trait("Rule", "INH-8")]
    public async Task INH8_a_unit_created_later_receives_the_inherited_roles()
    {
        var organization = await SchoolNetworkAsync(gateway);
        await organization.AssignAsync("ada", "north", "reader");
        await organization.InheritAsync("ada", "north", InheritanceMode.Replace);

        await organization.UnitAsync("north-1c", "north");
        await organization.UnitAsync("north-1c-lab", "north-1c");

        Assert.True(await organization.CheckAsync("ada", "north-1c", "doc.read"));
        Assert.True(await organization.CheckAsync("ada", "north-1c-lab", "doc.read"));
        Assert.Equal("reader<north", (await RolesByUnitAsync(organization, "ada"))["north-1c-lab"]);
    }

    [Fact, Trait("Rule", "INH-9")]
    public async Task INH9_changing_the_roles_at_the_origin_updates_every_inheriting_descendant()
    {
        var organization = await SchoolNetworkAsync(gateway);
        await organization.AssignAsync("ada", "network", "reader");
        await organization.InheritAsync("ada", "network", InheritanceMode.Replace);

        await organization.AssignAsync("ada", "network", "writer");
        Assert.True(await organization.CheckAsync("ada", "south-2a", "doc.write"));

        await organization.RemoveAsync("ada", "network", "reader");
        Assert.False(await organization.CheckAsync("ada", "north-1b", "doc.read"));
        Assert.True(await organization.CheckAsync("ada", "north-1b", "doc.write"));

        await organization.RemoveAsync("ada", "network", "writer");
        var roles = await RolesByUnitAsync(organization, "ada");
        Assert.All(Tree, unit => Assert.Equal("", roles[unit]));
    }

    [Fact, Trait("Rule", "INH-10")]
    public async Task INH10_a_users_listing_shows_every_unit_with_inherited_roles_and_their_origin()
    {
        var organization = await SchoolNetworkAsync(gateway);
        await organization.AssignAsync("ada", "south", "writer");
        await organization.InheritAsync("ada", "south", InheritanceMode.Keep);

        var accesses = await organization.AccessesAsync("ada");

        Assert.Equal(Tree, accesses.Select(access => access.UnitId));
        var south = accesses.Single(access => access.UnitId == "south");
        var below = accesses.Single(access => access.UnitId == "south-2a");
        Assert.Equal(InheritanceMode.Keep, south.Inheritance);
        Assert.Empty(south.InheritedFromUnitId);
        Assert.Equal("south", below.InheritedFromUnitId);
        Assert.Equal(["writer"], below.Roles.Select(role => role.RoleId));
        Assert.Empty(accesses.Single(access => access.UnitId == "north").Roles);
        var held = await gateway.Assignments.ListUserAccessesAsync(new ListUserAccessesRequest { OrganizationId = organization.Id, UserId = "ada", RevisionToken = organization.Revision });
        Assert.Equal(["south", "south-2a"], held.Accesses.Select(access => access.UnitId));
    }

    [Fact, Trait("Rule", "ORG-3")]
    public async Task A_flat_organization_refuses_inheritance()
    {
        var organization = await SchoolNetworkAsync(gateway, Structure.Flat);
        await organization.AssignAsync("ada", "network", "reader");

        var refused = await Rpc.StatusAsync(() => organization.InheritAsync("ada", "network", InheritanceMode.Replace));

        Assert.Equal(StatusCode.FailedPrecondition, refused);
        Assert.Equal(InheritanceMode.Unspecified, (await organization.AccessesAsync("ada")).Single().Inheritance);
    }

    [Fact, Trait("Rule", "INH-2")]
    public async Task Inheritance_needs_direct_roles_at_the_unit_and_a_valid_mode()
    {
        var organization = await SchoolNetworkAsync(gateway);

        var none = await Rpc.StatusAsync(() => organization.InheritAsync("ada", "north", InheritanceMode.Replace));
        await organization.AssignAsync("ada", "north", "reader");
        var noMode = await Rpc.StatusAsync(() => organization.InheritAsync("ada", "north", InheritanceMode.Unspecified));

        Assert.Equal(StatusCode.FailedPrecondition, none);
        Assert.Equal(StatusCode.InvalidArgument, noMode);
        Assert.Equal("", (await RolesByUnitAsync(organization, "ada"))["north-1a"]);
    }

    [Fact, Trait("Rule", "CHK-3")]
    public async Task CHK3_explain_names_the_unit_an_inherited_role_comes_from_and_lookups_honour_inheritance()
    {
        var organization = await SchoolNetworkAsync(gateway);
        await organization.AssignAsync("ada", "north", "reader");
        await organization.InheritAsync("ada", "north", InheritanceMode.Replace);

        var explained = await gateway.Checks.ExplainAsync(new ExplainRequest
        {
            OrganizationId = organization.Id, UserId = "ada", UnitId = "north-1b", PermissionId = "doc.read", RevisionToken = organization.Revision,
        });
        var units = await gateway.Checks.LookupUnitsAsync(new LookupUnitsRequest
        {
            OrganizationId = organization.Id, UserId = "ada", PermissionId = "doc.read", RevisionToken = organization.Revision,
        });
        var users = await gateway.Checks.LookupUsersAsync(new LookupUsersRequest
        {
            OrganizationId = organization.Id, UnitId = "north-1a", PermissionId = "doc.read", RevisionToken = organization.Revision,
        });

        Assert.True(explained.Allowed);
        Assert.Equal("north", explained.InheritedFromUnitId);
        Assert.Equal("north", explained.Roles.Single().InheritedFromUnitId);
        Assert.Contains("inherited from unit 'north'", explained.Summary);
        Assert.Equal(["north", "north-1a", "north-1b"], units.UnitIds);
        Assert.Equal(["ada"], users.UserIds);
    }

    [Fact, Trait("Rule", "CHK-4")]
    public async Task CHK4_a_revoked_user_is_never_allowed_by_a_check_given_the_revocations_token()
    {
        var organization = await SchoolNetworkAsync(gateway);
        await organization.AssignAsync("ada", "network", "reader");
        await organization.InheritAsync("ada", "network", InheritanceMode.Replace);
        Assert.True(await organization.CheckAsync("ada", "south-2a", "doc.read"));

        var revoked = await organization.StopInheritingAsync("ada", "network");

        foreach (var unit in Tree.Skip(1))
        {
            var check = await gateway.Checks.CheckAsync(new CheckRequest
            {
                OrganizationId = organization.Id, UserId = "ada", UnitId = unit, PermissionId = "doc.read", RevisionToken = revoked.RevisionToken,
            });
            Assert.False(check.Allowed);
        }
    }

    [Fact, Trait("Rule", "CHK-4")]
    public async Task CHK4_a_malformed_revision_token_is_invalid_and_a_role_edits_token_is_honoured()
    {
        var organization = await SchoolNetworkAsync(gateway);
        await organization.AssignAsync("ada", "south-2a", "reader");

        var malformed = await Rpc.StatusAsync(() => gateway.Checks.CheckAsync(new CheckRequest
        {
            OrganizationId = organization.Id, UserId = "ada", UnitId = "south-2a", PermissionId = "doc.read", RevisionToken = "not-a-token",
        }).ResponseAsync);
        var edited = await gateway.Roles.SetRolePermissionsAsync(new SetRolePermissionsRequest
        {
            OrganizationId = organization.Id, RoleId = "reader", PermissionIds = { "doc.write" },
        });
        var check = await gateway.Checks.CheckAsync(new CheckRequest
        {
            OrganizationId = organization.Id, UserId = "ada", UnitId = "south-2a", PermissionId = "doc.write", RevisionToken = edited.RevisionToken,
        });

        Assert.Equal(StatusCode.InvalidArgument, malformed);
        Assert.NotEmpty(edited.RevisionToken);
        Assert.True(check.Allowed);
    }

    [Fact, Trait("Rule", "ASG-3")]
    public async Task A_time_bound_assignment_grants_only_inside_its_window_and_explain_says_why()
    {
        var organization = await SchoolNetworkAsync(gateway);
        var now = DateTimeOffset.UtcNow;
        AssignRolesRequest Assign(DateTimeOffset? from, DateTimeOffset? until, string role) => new()
        {
            OrganizationId = organization.Id, UserId = "ada", UnitId = "north", RoleIds = { role },
            ValidFrom = from is { } f ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(f) : null,
            ValidUntil = until is { } u ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(u) : null,
        };

        var closed = await Rpc.StatusAsync(() => gateway.Assignments.AssignRolesAsync(Assign(null, now.AddMinutes(-1), "reader")).ResponseAsync);
        var later = organization.Wrote(await gateway.Assignments.AssignRolesAsync(Assign(now.AddDays(1), now.AddDays(2), "reader")));
        organization.Wrote(await gateway.Assignments.AssignRolesAsync(Assign(null, now.AddDays(1), "writer")));
        await organization.InheritAsync("ada", "north", InheritanceMode.Replace);
        var explained = await gateway.Checks.ExplainAsync(new ExplainRequest
        {
            OrganizationId = organization.Id, UserId = "ada", UnitId = "north-1a", PermissionId = "doc.read", RevisionToken = organization.Revision,
        });

        Assert.Equal(StatusCode.InvalidArgument, closed);
        Assert.Equal(now.AddDays(1).ToUnixTimeSeconds(), later.Roles.Single().ValidFrom.Seconds);
        Assert.False(await organization.CheckAsync("ada", "north-1a", "doc.read"));
        Assert.True(await organization.CheckAsync("ada", "north-1a", "doc.write"));
        Assert.Equal(DenialReason.RoleNotInEffect, explained.DenialReason);
        Assert.False(explained.Roles.Single(role => role.RoleId == "reader").InEffect);
    }
}
