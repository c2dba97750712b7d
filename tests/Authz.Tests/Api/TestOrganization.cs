using Authz.Api.V1;

namespace Authz.Tests.Api;

/// <summary>A fresh organization in the gateway, with short helpers for the calls tests make most.</summary>
public sealed class TestOrganization(GatewayFixture gateway, string id)
{
    public string Id { get; } = id;

    public GatewayFixture Gateway { get; } = gateway;

    public static async Task<TestOrganization> CreateAsync(GatewayFixture gateway, Structure structure = Structure.Hierarchical, Plan plan = Plan.Advanced)
    {
        var organization = new TestOrganization(gateway, GatewayFixture.NewOrganizationId());
        await gateway.Organizations.CreateOrganizationAsync(new CreateOrganizationRequest
        {
            OrganizationId = organization.Id, DisplayName = "Test organization", Plan = plan, Structure = structure,
        });
        return organization;
    }

    public async Task<Unit> UnitAsync(string unitId, string? parent = null) =>
        await Gateway.Units.CreateUnitAsync(new CreateUnitRequest
        {
            OrganizationId = Id, UnitId = unitId, DisplayName = $"Unit {unitId}", ParentUnitId = parent ?? "",
        });

    public async Task<User> UserAsync(string userId, string? givenName = null, string? familyName = null) =>
        await Gateway.Users.CreateUserAsync(new CreateUserRequest
        {
            OrganizationId = Id, UserId = userId, Email = $"{userId}@example.org",
            GivenName = givenName ?? userId, FamilyName = familyName ?? "Tester",
        });

    public async Task PermissionAsync(params string[] permissionIds)
    {
        foreach (var permissionId in permissionIds)
        {
            await Gateway.Permissions.CreatePermissionAsync(new CreatePermissionRequest { OrganizationId = Id, PermissionId = permissionId });
        }
    }

    public async Task<Role> RoleAsync(string roleId, params string[] permissionIds) =>
        await Gateway.Roles.CreateRoleAsync(new CreateRoleRequest
        {
            OrganizationId = Id, RoleId = roleId, DisplayName = $"Role {roleId}", PermissionIds = { permissionIds },
        });

    public async Task<Assignment> AssignAsync(string userId, string unitId, params string[] roleIds) =>
        await Gateway.Assignments.AssignRolesAsync(new AssignRolesRequest { OrganizationId = Id, UserId = userId, UnitId = unitId, RoleIds = { roleIds } });

    public async Task<Assignment> RemoveAsync(string userId, string unitId, params string[] roleIds) =>
        await Gateway.Assignments.RemoveRolesAsync(new RemoveRolesRequest { OrganizationId = Id, UserId = userId, UnitId = unitId, RoleIds = { roleIds } });

    public async Task<bool> CheckAsync(string userId, string unitId, string permissionId) =>
        (await Gateway.Checks.CheckAsync(new CheckRequest { OrganizationId = Id, UserId = userId, UnitId = unitId, PermissionId = permissionId })).Allowed;
}
