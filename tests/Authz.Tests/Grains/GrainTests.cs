using Authz.Grains;
using Authz.Grains.Domain;

namespace Authz.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class GrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private async Task<string> OrganizationAsync(OrganizationStructure structure = OrganizationStructure.Hierarchical)
    {
        var id = GatewayFixture.NewOrganizationId();
        await Grains.Organization(id).CreateAsync("Test", Plan.Enterprise, structure, [], new NewUser("admin", "admin@example.org", "First", "Admin"), null, null);
        return id;
    }

    [Fact, Trait("Rule", "ORG-2")]
    public async Task Creation_time_comes_from_the_injected_clock()
    {
        var id = await OrganizationAsync();

        var profile = await Grains.Organization(id).GetAsync();

        Assert.Equal(fixture.Time.GetUtcNow(), profile.CreateTime);
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public async Task A_unit_activated_after_a_role_edit_answers_with_the_edited_role()
    {
        var id = await OrganizationAsync();
        var organization = Grains.Organization(id);
        await organization.CreateUnitAsync("u", "Unit", null);
        await Grains.UserDirectory(id).CreateUserAsync("ada", "ada@example.org", "Ada", "L");
        await Grains.Unit(id, "u").AssignRolesAsync("ada", [AdminRoleMatrix.BillingAdmin], null, null);
        await fixture.Cluster.DeactivateAsync(Grains.Unit(id, "u"));

        await organization.SetRolePermissionsAsync(AdminRoleMatrix.BillingAdmin, ["admin.dashboard.view"]);

        Assert.True(await Grains.Unit(id, "u").CheckAsync("ada", "admin.dashboard.view"));
        Assert.False(await Grains.Unit(id, "u").CheckAsync("ada", "admin.billing.view"));
    }

    [Fact, Trait("Rule", "ASG-1")]
    public async Task Assignments_survive_the_deactivation_of_every_grain()
    {
        var id = await OrganizationAsync();
        await Grains.Organization(id).CreateUnitAsync("u", "Unit", null);
        await Grains.UserDirectory(id).CreateUserAsync("ada", "ada@example.org", "Ada", "L");
        await Grains.Unit(id, "u").AssignRolesAsync("ada", [AdminRoleMatrix.SupportAdmin], null, null);

        await fixture.Cluster.DeactivateAsync(Grains.Unit(id, "u"));
        await fixture.Cluster.DeactivateAsync(Grains.Organization(id));
        await fixture.Cluster.DeactivateAsync(Grains.User(id, "ada"));

        Assert.True(await Grains.Unit(id, "u").CheckAsync("ada", "admin.members.reset_password"));
        Assert.Equal(["u"], await Grains.User(id, "ada").GetUnitsAsync());
    }

    [Fact, Trait("Rule", "ASG-2")]
    public async Task A_domain_refusal_crosses_the_grain_boundary_with_its_kind_and_field()
    {
        var id = await OrganizationAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => Grains.Organization(id).CreatePermissionAsync("admin.sneaky", ""));
        var missingUser = await Assert.ThrowsAsync<DomainException>(async () =>
        {
            await Grains.Organization(id).CreateUnitAsync("u", "Unit", null);
            await Grains.Unit(id, "u").AssignRolesAsync("ghost", [AdminRoleMatrix.TeamAdmin], null, null);
        });

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("permission_id", error.Field);
        Assert.Equal(DomainError.NotFound, missingUser.Error);
        Assert.Empty(await Grains.Unit(id, "u").ListAssignmentsAsync(null, 10, null));
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public async Task A_refused_role_deletion_leaves_the_role_defined_and_assignable()
    {
        var id = await OrganizationAsync();
        var organization = Grains.Organization(id);
        await organization.CreateUnitAsync("u", "Unit", null);
        await Grains.UserDirectory(id).CreateUserAsync("ada", "ada@example.org", "Ada", "L");
        await organization.CreateRoleAsync("r", "Role", []);
        await Grains.Unit(id, "u").AssignRolesAsync("ada", ["r"], null, null);

        await Assert.ThrowsAsync<DomainException>(() => organization.DeleteRoleAsync("r"));
        var table = await organization.GetRoleTableAsync();

        Assert.True(table.FindRole("r")!.Assignable);
        Assert.Equal("r", (await organization.GetRoleAsync("r")).Id);
        Assert.Null(table.Roles.SingleOrDefault(role => !role.Assignable));
    }
}
