using Authz.Api.V1;
using Google.Protobuf.WellKnownTypes;

namespace Authz.Tests.Cluster;

/// <summary>
/// A small organization written through the API (units three deep, users, permissions, roles, direct, inherited
/// and time-bound assignments), and everything the API answers about it, to compare before and after a restart.
/// </summary>
public static class ServiceData
{
    public static readonly string[] UserIds = ["admin", "alice", "bob", "carol"];
    public static readonly string[] UnitIds = ["hq", "north", "north-1", "south"];
    public static readonly string[] PermissionIds = ["docs.read", "docs.write"];

    /// <summary>Writes the organization; answers the combined revision token of its assignment writes.</summary>
    public static async Task<string> WriteAsync(ApiClients api, string organizationId)
    {
        await api.Organizations.CreateOrganizationAsync(new CreateOrganizationRequest
        {
            OrganizationId = organizationId, DisplayName = "Durable Ltd", Plan = Plan.Advanced, Structure = Structure.Hierarchical,
            Administrator = new NewUser { UserId = "admin", Email = "admin@durable.example", GivenName = "Ada", FamilyName = "Admin" },
        });
        await api.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = organizationId, UnitId = "hq", DisplayName = "Headquarters" });
        await api.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = organizationId, UnitId = "north", DisplayName = "North", ParentUnitId = "hq" });
        await api.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = organizationId, UnitId = "north-1", DisplayName = "North 1", ParentUnitId = "north" });
        await api.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = organizationId, UnitId = "south", DisplayName = "South", ParentUnitId = "hq" });
        foreach (var userId in UserIds.Skip(1))
        {
            await api.Users.CreateUserAsync(new CreateUserRequest
            {
                OrganizationId = organizationId, UserId = userId, Email = $"{userId}@durable.example", GivenName = userId, FamilyName = "Durable",
            });
        }

        foreach (var permissionId in PermissionIds)
        {
            await api.Permissions.CreatePermissionAsync(new CreatePermissionRequest { OrganizationId = organizationId, PermissionId = permissionId });
        }

        await api.Roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = organizationId, RoleId = "reader", DisplayName = "Reader", PermissionIds = { "docs.read" } });
        await api.Roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = organizationId, RoleId = "editor", DisplayName = "Editor", PermissionIds = { PermissionIds } });

        var tokens = new List<string>
        {
            (await api.Assignments.AssignRolesAsync(new AssignRolesRequest { OrganizationId = organizationId, UserId = "alice", UnitId = "hq", RoleIds = { "editor" } })).RevisionToken,
            (await api.Assignments.EnableInheritanceAsync(new EnableInheritanceRequest { OrganizationId = organizationId, UserId = "alice", UnitId = "hq", Mode = InheritanceMode.Replace })).RevisionToken,
            (await api.Assignments.AssignRolesAsync(new AssignRolesRequest
            {
                OrganizationId = organizationId, UserId = "bob", UnitId = "north-1", RoleIds = { "reader" },
                ValidUntil = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(30)),
            })).RevisionToken,
            (await api.Assignments.AssignRolesAsync(new AssignRolesRequest { OrganizationId = organizationId, UserId = "carol", UnitId = "south", RoleIds = { "reader" } })).RevisionToken,
        };
        return ClusteredService.RevisionTokens.Combine(organizationId, tokens);
    }

    /// <summary>Every answer the API gives about the organization, as text, one line per fact.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(ApiClients api, string organizationId, string revisionToken)
    {
        var facts = new List<string>
        {
            (await api.Organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = organizationId })).ToString(),
            (await api.Units.ListUnitsAsync(new ListUnitsRequest { OrganizationId = organizationId })).ToString(),
            (await api.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = organizationId })).ToString(),
            (await api.Permissions.ListPermissionsAsync(new ListPermissionsRequest { OrganizationId = organizationId })).ToString(),
            (await api.Roles.ListRolesAsync(new ListRolesRequest { OrganizationId = organizationId })).ToString(),
        };
        foreach (var userId in UserIds)
        {
            facts.Add((await api.Assignments.ListUserAccessesAsync(new ListUserAccessesRequest
            {
                OrganizationId = organizationId, UserId = userId, IncludeUnitsWithoutRoles = true, RevisionToken = revisionToken,
            })).ToString());
            foreach (var unitId in UnitIds)
            {
                foreach (var permissionId in PermissionIds)
                {
                    var check = await api.Checks.CheckAsync(new CheckRequest
                    {
                        OrganizationId = organizationId, UserId = userId, UnitId = unitId, PermissionId = permissionId, RevisionToken = revisionToken,
                    });
                    facts.Add($"{userId} {unitId} {permissionId}: {check.Allowed}");
                }
            }
        }

        return facts;
    }
}
