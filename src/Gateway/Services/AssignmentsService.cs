using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Domain;
using Grpc.Core;

namespace Authz.Gateway.Services;

public sealed class AssignmentsService(IGrainFactory grains) : Assignments.AssignmentsBase
{
    private const int DefaultPageSize = 100;
    private const int MaxFilterIds = 1000;

    public override async Task<Assignment> AssignRoles(AssignRolesRequest request, ServerCallContext context)
    {
        var unit = grains.Unit(request.OrganizationId, request.UnitId);
        var userId = Ids.Require(request.UserId, "user_id");
        var roleIds = RoleIds(request.RoleIds);
        return (await unit.AssignRolesAsync(userId, roleIds)).ToApi(request.OrganizationId);
    }

    public override async Task<Assignment> RemoveRoles(RemoveRolesRequest request, ServerCallContext context)
    {
        var unit = grains.Unit(request.OrganizationId, request.UnitId);
        var userId = Ids.Require(request.UserId, "user_id");
        var roleIds = RoleIds(request.RoleIds);
        return (await unit.RemoveRolesAsync(userId, roleIds)).ToApi(request.OrganizationId);
    }

    public override async Task<ListAssignmentsResponse> ListAssignments(ListAssignmentsRequest request, ServerCallContext context)
    {
        var queries = grains.AccessQueries(request.OrganizationId);
        var unitIds = Ids.RequireList(request.UnitIds, "unit_ids", 0, MaxFilterIds, Ids.Require);
        var userIds = Ids.RequireList(request.UserIds, "user_ids", 0, MaxFilterIds, Ids.Require);
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize);
        var page = await queries.ListAssignmentsAsync(unitIds, userIds, request.PageToken, pageSize);
        return new ListAssignmentsResponse
        {
            Assignments = { page.Assignments.Select(assignment => assignment.ToApi(request.OrganizationId)) },
            NextPageToken = page.NextPageToken ?? "",
        };
    }

    public override async Task<ListUserAccessesResponse> ListUserAccesses(ListUserAccessesRequest request, ServerCallContext context)
    {
        var queries = grains.AccessQueries(request.OrganizationId);
        var accesses = await queries.ListUserAccessesAsync(Ids.Require(request.UserId, "user_id"));
        return new ListUserAccessesResponse { Accesses = { accesses.Select(access => access.ToApi(request.OrganizationId)) } };
    }

    private static string[] RoleIds(IReadOnlyList<string> roleIds) =>
        Ids.RequireList(roleIds, "role_ids", 1, UnitAssignments.MaxRolesPerUser, Ids.Require);
}
