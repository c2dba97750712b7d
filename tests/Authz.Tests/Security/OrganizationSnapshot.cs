using Authz.Api.V1;

namespace Authz.Tests.Security;

/// <summary>Everything an organization holds that a refused call could have changed, as text to compare before and after.</summary>
public static class OrganizationSnapshot
{
    public static async Task<string> TakeAsync(GatewayFixture gateway, string organizationId)
    {
        var parts = new object[]
        {
            await gateway.Organizations.GetSettingsAsync(new GetSettingsRequest { OrganizationId = organizationId }),
            await gateway.Organizations.GetOfficersAsync(new GetOfficersRequest { OrganizationId = organizationId }),
            await gateway.Units.ListUnitsAsync(new ListUnitsRequest { OrganizationId = organizationId }),
            await gateway.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = organizationId, PageSize = 1000 }),
            await gateway.Roles.ListRolesAsync(new ListRolesRequest { OrganizationId = organizationId }),
            await gateway.Permissions.ListPermissionsAsync(new ListPermissionsRequest { OrganizationId = organizationId }),
            await gateway.Assignments.ListAssignmentsAsync(new ListAssignmentsRequest { OrganizationId = organizationId, PageSize = 1000 }),
            await gateway.Operator.Administrators.ListAdministratorsAsync(new ListAdministratorsRequest { OrganizationId = organizationId }),
            await gateway.Operator.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest { OrganizationId = organizationId }),
            await gateway.Operator.TeamFolders.ListTeamFoldersAsync(new ListTeamFoldersRequest { OrganizationId = organizationId }),
            await gateway.Operator.LegalHolds.ListLegalHoldsAsync(new ListLegalHoldsRequest { OrganizationId = organizationId }),
        };
        return string.Join('\n', parts.Select(part => part.ToString()));
    }
}
