using Authz.Api.V1;

namespace Authz.Tests.Freshness;

/// <summary>
/// The case a partner platform hit (CHK-4): a user's inherited role is switched on and off at one unit, then a role is
/// assigned at another; a check below the first unit, given only the last write's token, must see the role switched off.
/// </summary>
public static class CrossWriteScenario
{
    public const int Cycles = 50;

    /// <summary>Writes a tree a → a1 → a11 and a root b, with roles x (doc.x) and y (doc.y), in a new organization.</summary>
    public static async Task SetUpAsync(ApiClients api, string organizationId)
    {
        await api.Organizations.CreateOrganizationAsync(new CreateOrganizationRequest
        {
            OrganizationId = organizationId, DisplayName = "Fresh reads", Plan = Plan.Advanced, Structure = Structure.Hierarchical,
            Administrator = new NewUser { UserId = "admin", Email = "admin@fresh.example", GivenName = "Ada", FamilyName = "Admin" },
        });
        foreach (var (unitId, parentId) in new[] { ("a", ""), ("a1", "a"), ("a11", "a1"), ("b", "") })
        {
            await api.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = organizationId, UnitId = unitId, DisplayName = unitId, ParentUnitId = parentId });
        }

        foreach (var role in new[] { "x", "y" })
        {
            await api.Permissions.CreatePermissionAsync(new CreatePermissionRequest { OrganizationId = organizationId, PermissionId = $"doc.{role}" });
            await api.Roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = organizationId, RoleId = role, DisplayName = role, PermissionIds = { $"doc.{role}" } });
        }
    }

    /// <summary>One cycle with a new user; answers whether the check with the last token wrongly allowed.</summary>
    public static async Task<bool> AnswersStaleAsync(ApiClients api, string organizationId, int cycle)
    {
        var userId = $"v{cycle}";
        await api.Users.CreateUserAsync(new CreateUserRequest
        {
            OrganizationId = organizationId, UserId = userId, Email = $"{userId}@fresh.example", GivenName = userId, FamilyName = "Fresh",
        });
        await api.Assignments.AssignRolesAsync(new AssignRolesRequest { OrganizationId = organizationId, UserId = userId, UnitId = "a", RoleIds = { "y" } });
        await api.Assignments.EnableInheritanceAsync(new EnableInheritanceRequest { OrganizationId = organizationId, UserId = userId, UnitId = "a", Mode = InheritanceMode.Replace });
        await api.Assignments.DisableInheritanceAsync(new DisableInheritanceRequest { OrganizationId = organizationId, UserId = userId, UnitId = "a" });
        var last = await api.Assignments.AssignRolesAsync(new AssignRolesRequest { OrganizationId = organizationId, UserId = userId, UnitId = "b", RoleIds = { "x" } });
        var check = await api.Checks.CheckAsync(new CheckRequest
        {
            OrganizationId = organizationId, UserId = userId, UnitId = "a11", PermissionId = "doc.y", RevisionToken = last.RevisionToken,
        });
        return check.Allowed;
    }

    /// <summary>Runs <see cref="Cycles"/> cycles; answers the cycles whose check was older than its token.</summary>
    public static async Task<int[]> StaleCyclesAsync(ApiClients api, string organizationId)
    {
        await SetUpAsync(api, organizationId);
        var stale = new List<int>();
        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            if (await AnswersStaleAsync(api, organizationId, cycle))
            {
                stale.Add(cycle);
            }
        }

        return [.. stale];
    }
}
