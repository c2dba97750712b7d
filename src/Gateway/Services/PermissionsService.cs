using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Domain;
using Grpc.Core;
using Permission = Authz.Api.V1.Permission;

namespace Authz.Gateway.Services;

public sealed class PermissionsService(IGrainFactory grains) : Permissions.PermissionsBase
{
    internal const int MaxDescriptionLength = 500;

    public override async Task<ListPermissionsResponse> ListPermissions(ListPermissionsRequest request, ServerCallContext context)
    {
        var permissions = await grains.Organization(request.OrganizationId).ListPermissionsAsync();
        return new ListPermissionsResponse { Permissions = { permissions.Select(permission => permission.ToApi()) } };
    }

    public override async Task<Permission> CreatePermission(CreatePermissionRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        var permissionId = Ids.RequirePermission(request.PermissionId, "permission_id");
        var description = request.Description.Trim();
        if (description.Length > MaxDescriptionLength)
        {
            throw DomainException.Invalid("description", $"description must be at most {MaxDescriptionLength} characters");
        }

        return (await organization.CreatePermissionAsync(permissionId, description)).ToApi();
    }
}
