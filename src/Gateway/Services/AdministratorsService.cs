using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Domain;
using AdminPermissions = Authz.Api.V1.AdminPermissions;
using Administrators = Authz.Api.V1.Administrators;
using Grpc.Core;

namespace Authz.Gateway.Services;

public sealed class AdministratorsService(IGrainFactory grains) : Administrators.AdministratorsBase
{
    public override async Task<AdministratorList> ListAdministrators(ListAdministratorsRequest request, ServerCallContext context) =>
        (await grains.Organization(request.OrganizationId).ListAdministratorsAsync()).ToApi(request.OrganizationId);

    public override async Task<AdministratorList> AddAdministrator(AddAdministratorRequest request, ServerCallContext context) =>
        (await grains.Organization(request.OrganizationId)
            .AddAdministratorAsync(Ids.Require(request.UserId, "user_id"), Ids.Require(request.RoleId, "role_id"))).ToApi(request.OrganizationId);

    public override async Task<AdministratorList> ChangeAdministratorRole(ChangeAdministratorRoleRequest request, ServerCallContext context) =>
        (await grains.Organization(request.OrganizationId)
            .ChangeAdministratorRoleAsync(Ids.Require(request.UserId, "user_id"), Ids.Require(request.RoleId, "role_id"))).ToApi(request.OrganizationId);

    public override async Task<AdministratorList> SuspendAdministrator(SuspendAdministratorRequest request, ServerCallContext context) =>
        (await grains.Organization(request.OrganizationId).SuspendAdministratorAsync(Ids.Require(request.UserId, "user_id"))).ToApi(request.OrganizationId);

    public override async Task<AdministratorList> ResumeAdministrator(ResumeAdministratorRequest request, ServerCallContext context) =>
        (await grains.Organization(request.OrganizationId).ResumeAdministratorAsync(Ids.Require(request.UserId, "user_id"))).ToApi(request.OrganizationId);

    public override async Task<AdministratorList> RemoveAdministrator(RemoveAdministratorRequest request, ServerCallContext context) =>
        (await grains.Organization(request.OrganizationId).RemoveAdministratorAsync(Ids.Require(request.UserId, "user_id"))).ToApi(request.OrganizationId);

    public override async Task<AdminPermissions> GetAdminPermissions(GetAdminPermissionsRequest request, ServerCallContext context)
    {
        var userId = Ids.Require(request.UserId, "user_id");
        return new AdminPermissions
        {
            OrganizationId = request.OrganizationId,
            UserId = userId,
            PermissionIds = { await grains.Organization(request.OrganizationId).GetAdminPermissionsAsync(userId) },
        };
    }
}
