using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Domain;
using Grpc.Core;

namespace Authz.Gateway.Services;

public sealed class RolesService(IGrainFactory grains, RevisionTokenCodec tokens) : Roles.RolesBase
{
    public override async Task<Role> CreateRole(CreateRoleRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        var roleId = Ids.Optional(request.RoleId, "role_id");
        var displayName = DisplayText.Require(request.DisplayName, "display_name", Ids.MaxPersonNameLength);
        var permissionIds = PermissionIds(request.PermissionIds);
        return await WithTokenAsync((await organization.CreateRoleAsync(roleId, displayName, permissionIds)).ToApi(request.OrganizationId));
    }

    public override async Task<Role> GetRole(GetRoleRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        return (await organization.GetRoleAsync(Ids.Require(request.RoleId, "role_id"))).ToApi(request.OrganizationId);
    }

    public override async Task<ListRolesResponse> ListRoles(ListRolesRequest request, ServerCallContext context)
    {
        var roles = await grains.Organization(request.OrganizationId).ListRolesAsync();
        return new ListRolesResponse { Roles = { roles.Select(role => role.ToApi(request.OrganizationId)) } };
    }

    public override async Task<Role> SetRolePermissions(SetRolePermissionsRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        var roleId = Ids.Require(request.RoleId, "role_id");
        var permissionIds = PermissionIds(request.PermissionIds);
        if (request.DryRun)
        {
            var pageSize = PageToken.Size(request.PageSize, 100);
            var preview = await organization.PreviewRolePermissionsAsync(roleId, permissionIds, request.PageToken, pageSize);
            var role = preview.Role.ToApi(request.OrganizationId);
            role.Impact = preview.Impact.ToApi();
            return role;
        }

        return await WithTokenAsync((await organization.SetRolePermissionsAsync(roleId, permissionIds)).ToApi(request.OrganizationId));
    }

    /// <summary>The role as written, with a token covering the write: the organization took a revision for it before answering (CHK-4).</summary>
    private async Task<Role> WithTokenAsync(Role role)
    {
        role.RevisionToken = tokens.Encode(role.OrganizationId, new RevisionToken((await grains.ChangeFeed(role.OrganizationId).HeadAsync()).Revision));
        return role;
    }

    public override async Task<Role> RenameRole(RenameRoleRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        var roleId = Ids.Require(request.RoleId, "role_id");
        var displayName = DisplayText.Require(request.DisplayName, "display_name", Ids.MaxPersonNameLength);
        return await WithTokenAsync((await organization.RenameRoleAsync(roleId, displayName)).ToApi(request.OrganizationId));
    }

    public override async Task<DeleteRoleResponse> DeleteRole(DeleteRoleRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        await organization.DeleteRoleAsync(Ids.Require(request.RoleId, "role_id"));
        return new DeleteRoleResponse();
    }

    public override async Task<Role> RestoreRole(RestoreRoleRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        return await WithTokenAsync((await organization.RestoreRoleAsync(Ids.Require(request.RoleId, "role_id"))).ToApi(request.OrganizationId));
    }

    private static string[] PermissionIds(IReadOnlyList<string> permissionIds) =>
        Ids.RequireList(permissionIds, "permission_ids", 0, RoleCatalog.MaxPermissionsPerRole, Ids.RequirePermission);
}
