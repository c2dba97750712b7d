using Authz.Api.V1;

namespace Authz.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class SmokeTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Check_answers_through_a_real_channel()
    {
        var org = GatewayFixture.NewOrganizationId();
        await gateway.Organizations.CreateOrganizationAsync(new CreateOrganizationRequest
        {
            OrganizationId = org, DisplayName = "Acme", Plan = Plan.Advanced, Structure = Structure.Hierarchical,
        });
        await gateway.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = org, UnitId = "emea", DisplayName = "EMEA" });
        await gateway.Users.CreateUserAsync(new CreateUserRequest { OrganizationId = org, UserId = "ada", Email = "ada@example.org", GivenName = "Ada", FamilyName = "Lovelace" });
        await gateway.Permissions.CreatePermissionAsync(new CreatePermissionRequest { OrganizationId = org, PermissionId = "privacy.register.read" });
        await gateway.Roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = org, RoleId = "reader", DisplayName = "Reader", PermissionIds = { "privacy.register.read" } });
        await gateway.Assignments.AssignRolesAsync(new AssignRolesRequest { OrganizationId = org, UserId = "ada", UnitId = "emea", RoleIds = { "reader" } });

        var allowed = await gateway.Checks.CheckAsync(new CheckRequest { OrganizationId = org, UserId = "ada", UnitId = "emea", PermissionId = "privacy.register.read" });

        Assert.True(allowed.Allowed);
    }
}
