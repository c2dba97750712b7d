using Authz.Api.V1;
using Grpc.Core;

namespace Authz.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class RoleTests(GatewayFixture gateway)
{
    [Fact, Trait("Rule", "ROLE-2"), Trait("Rule", "ADM-3")]
    public async Task ROLE2_every_new_organization_has_the_eight_predefined_admin_roles()
    {
        var organization = await TestOrganization.CreateAsync(gateway, addOns: AddOn.DataGovernance);

        var roles = (await gateway.Roles.ListRolesAsync(new ListRolesRequest { OrganizationId = organization.Id })).Roles;

        Assert.Equal(
            ["team-admin", "user-management-admin", "support-admin", "billing-admin", "content-admin", "compliance-admin", "reports-admin", "security-admin"],
            roles.Reverse().Select(role => role.RoleId));
        Assert.All(roles, role => Assert.True(role.Predefined));
        var teamAdmin = roles.Single(role => role.RoleId == "team-admin");
        Assert.Equal(Authz.Grains.Domain.AdminPermissions.All.Count, teamAdmin.PermissionCount);
        var billing = roles.Single(role => role.RoleId == "billing-admin");
        Assert.Equal(["admin.billing.view", "admin.invite_reminders.send", "admin.licenses.add", "admin.support_contacts.access"], billing.PermissionIds);
    }

    [Fact, Trait("Rule", "ADM-3")]
    public async Task ADM3_without_the_data_governance_add_on_there_is_no_compliance_role()
    {
        var organization = await TestOrganization.CreateAsync(gateway);

        var roles = (await gateway.Roles.ListRolesAsync(new ListRolesRequest { OrganizationId = organization.Id })).Roles;

        Assert.DoesNotContain("compliance-admin", roles.Select(role => role.RoleId));
        Assert.Equal(7, roles.Count);
    }

    [Fact, Trait("Rule", "ROLE-5")]
    public async Task ROLE5_a_new_role_is_listed_first_with_its_permission_count()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.PermissionAsync("privacy.register.read", "privacy.register.write");
        await organization.RoleAsync("older", "privacy.register.read");
        await organization.RoleAsync("newest", "privacy.register.read", "privacy.register.write");

        var roles = (await gateway.Roles.ListRolesAsync(new ListRolesRequest { OrganizationId = organization.Id })).Roles;

        Assert.Equal("newest", roles[0].RoleId);
        Assert.Equal(2, roles[0].PermissionCount);
        Assert.Equal("older", roles[1].RoleId);
        Assert.Equal(1, roles[1].PermissionCount);
    }

    [Fact, Trait("Rule", "ROLE-6")]
    public async Task ROLE6_role_names_are_unique_in_the_organization_case_insensitively()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await gateway.Roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = organization.Id, RoleId = "a", DisplayName = "Administrator Unit A" });

        var duplicate = await Assert.ThrowsAsync<RpcException>(async () =>
            await gateway.Roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = organization.Id, RoleId = "b", DisplayName = "administrator unit a" }));
        await gateway.Roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = organization.Id, RoleId = "b", DisplayName = "Administrator Unit B" });
        var renameClash = await Assert.ThrowsAsync<RpcException>(async () =>
            await gateway.Roles.RenameRoleAsync(new RenameRoleRequest { OrganizationId = organization.Id, RoleId = "b", DisplayName = "ADMINISTRATOR UNIT A" }));

        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, renameClash.StatusCode);
    }

    [Fact, Trait("Rule", "ROLE-3"), Trait("Rule", "ROLE-1")]
    public async Task ROLE3_editing_a_role_applies_at_once_to_every_holder_in_every_unit()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.PermissionAsync("privacy.register.read", "privacy.register.write");
        await organization.UnitAsync("a");
        await organization.UnitAsync("b", parent: "a");
        await organization.UserAsync("ada");
        await organization.UserAsync("bob");
        await organization.RoleAsync("editor", "privacy.register.read");
        await organization.AssignAsync("ada", "a", "editor");
        await organization.AssignAsync("bob", "b", "editor");
        Assert.False(await organization.CheckAsync("ada", "a", "privacy.register.write"));

        organization.Wrote(await gateway.Roles.SetRolePermissionsAsync(new SetRolePermissionsRequest
        {
            OrganizationId = organization.Id, RoleId = "editor", PermissionIds = { "privacy.register.write" },
        }));

        Assert.True(await organization.CheckAsync("ada", "a", "privacy.register.write"));
        Assert.True(await organization.CheckAsync("bob", "b", "privacy.register.write"));
        Assert.False(await organization.CheckAsync("ada", "a", "privacy.register.read"));
        Assert.False(await organization.CheckAsync("bob", "b", "privacy.register.read"));
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public async Task ROLE3_renaming_a_role_shows_in_every_assignment_at_once()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("a");
        await organization.UserAsync("ada");
        await organization.RoleAsync("r", "admin.dashboard.view");
        await organization.AssignAsync("ada", "a", "r");

        organization.Wrote(await gateway.Roles.RenameRoleAsync(new RenameRoleRequest { OrganizationId = organization.Id, RoleId = "r", DisplayName = "Dashboard viewer" }));

        var accesses = await gateway.Assignments.ListUserAccessesAsync(new ListUserAccessesRequest { OrganizationId = organization.Id, UserId = "ada", RevisionToken = organization.Revision });
        Assert.Equal("Dashboard viewer", Assert.Single(Assert.Single(accesses.Accesses).Roles).DisplayName);
    }

    [Fact, Trait("Rule", "ROLE-4")]
    public async Task ROLE4_editing_overwrites_a_predefined_role_and_restore_brings_the_original_back()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("hq");
        await organization.UserAsync("ada");
        await organization.AssignAsync("ada", "hq", "reports-admin");
        var original = await gateway.Roles.GetRoleAsync(new GetRoleRequest { OrganizationId = organization.Id, RoleId = "reports-admin" });

        var edited = organization.Wrote(await gateway.Roles.SetRolePermissionsAsync(new SetRolePermissionsRequest
        {
            OrganizationId = organization.Id, RoleId = "reports-admin", PermissionIds = { "admin.billing.view" },
        }));
        var deniedWhileEdited = await organization.CheckAsync("ada", "hq", "admin.dashboard.view");
        var restored = organization.Wrote(await gateway.Roles.RestoreRoleAsync(new RestoreRoleRequest { OrganizationId = organization.Id, RoleId = "reports-admin" }));

        Assert.False(original.Modified);
        Assert.True(edited.Modified);
        Assert.Equal(["admin.billing.view"], edited.PermissionIds);
        Assert.Equal(original.PermissionIds, edited.OriginalPermissionIds);
        Assert.False(deniedWhileEdited);
        Assert.Equal(original.PermissionIds, restored.PermissionIds);
        Assert.False(restored.Modified);
        Assert.True(await organization.CheckAsync("ada", "hq", "admin.dashboard.view"));
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public async Task A_role_is_deleted_only_when_nobody_holds_it()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("hq");
        await organization.UserAsync("ada");
        await organization.RoleAsync("temp", "admin.dashboard.view");
        await organization.AssignAsync("ada", "hq", "temp");

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await gateway.Roles.DeleteRoleAsync(new DeleteRoleRequest { OrganizationId = organization.Id, RoleId = "temp" }));
        var stillAssignable = await organization.AssignAsync("ada", "hq", "temp");
        await organization.RemoveAsync("ada", "hq", "temp");
        await gateway.Roles.DeleteRoleAsync(new DeleteRoleRequest { OrganizationId = organization.Id, RoleId = "temp" });
        var gone = await Assert.ThrowsAsync<RpcException>(() => organization.AssignAsync("ada", "hq", "temp"));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Single(stillAssignable.Roles);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task The_catalog_lists_admin_permissions_then_registered_application_permissions()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.PermissionAsync("privacy.register.read");

        var permissions = (await gateway.Permissions.ListPermissionsAsync(new ListPermissionsRequest { OrganizationId = organization.Id })).Permissions;

        Assert.Equal(Authz.Grains.Domain.AdminPermissions.All.Count + 1, permissions.Count);
        Assert.All(permissions.Take(39), permission => Assert.Equal(PermissionKind.Admin, permission.Kind));
        Assert.Equal("privacy.register.read", permissions[^1].PermissionId);
        Assert.Equal(PermissionKind.Application, permissions[^1].Kind);
    }
}
