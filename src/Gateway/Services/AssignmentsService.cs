using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Domain;
using Authz.Gateway.Security;
using Authz.Grains.Export;
using Grpc.Core;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Authz.Gateway.Services;

public sealed class AssignmentsService(
    IGrainFactory grains, TimeProvider time, RevisionTokenCodec tokens, RequestRevisions revisions, AssignmentWatch watch) : Assignments.AssignmentsBase
{
    private const int DefaultPageSize = 100;
    internal const int MaxFilterIds = 1000;
    private const int ExportChunkSize = 64 * 1024;
    private const string WorkbookContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public override async Task<Assignment> AssignRoles(AssignRolesRequest request, ServerCallContext context)
    {
        var unit = grains.Unit(request.OrganizationId, request.UnitId);
        var userId = Ids.Require(request.UserId, "user_id");
        var roleIds = RoleIds(request.RoleIds, "role_ids", 1);
        var validFrom = request.ValidFrom.ToDomain("valid_from");
        var validUntil = request.ValidUntil.ToDomain("valid_until");
        return (await unit.AssignRolesAsync(userId, roleIds, validFrom, validUntil)).ToApi(request.OrganizationId, tokens);
    }

    public override async Task<Assignment> RemoveRoles(RemoveRolesRequest request, ServerCallContext context)
    {
        var unit = grains.Unit(request.OrganizationId, request.UnitId);
        var userId = Ids.Require(request.UserId, "user_id");
        var roleIds = RoleIds(request.RoleIds, "role_ids", 1);
        return (await unit.RemoveRolesAsync(userId, roleIds)).ToApi(request.OrganizationId, tokens);
    }

    public override async Task<Assignment> EnableInheritance(EnableInheritanceRequest request, ServerCallContext context)
    {
        var unit = grains.Unit(request.OrganizationId, request.UnitId);
        var userId = Ids.Require(request.UserId, "user_id");
        return (await unit.SetInheritanceAsync(userId, request.Mode.ToDomain())).ToApi(request.OrganizationId, tokens);
    }

    public override async Task<Assignment> DisableInheritance(DisableInheritanceRequest request, ServerCallContext context)
    {
        var unit = grains.Unit(request.OrganizationId, request.UnitId);
        var userId = Ids.Require(request.UserId, "user_id");
        return (await unit.SetInheritanceAsync(userId, null)).ToApi(request.OrganizationId, tokens);
    }

    public override async Task<Assignment> BreakInheritance(BreakInheritanceRequest request, ServerCallContext context)
    {
        var unit = grains.Unit(request.OrganizationId, request.UnitId);
        var userId = Ids.Require(request.UserId, "user_id");
        return (await unit.BreakInheritanceAsync(userId)).ToApi(request.OrganizationId, tokens);
    }

    public override async Task<BulkEditAssignmentsResponse> BulkEditAssignments(BulkEditAssignmentsRequest request, ServerCallContext context)
    {
        var edits = grains.BulkEdits(request.OrganizationId);
        var edit = new BulkEdit(
            Ids.RequireList(request.UserIds, "user_ids", 1, MaxFilterIds, Ids.Require),
            Ids.RequireList(request.UnitIds, "unit_ids", 1, MaxFilterIds, Ids.Require),
            RoleIds(request.AddRoleIds, "add_role_ids", 0),
            RoleIds(request.RemoveRoleIds, "remove_role_ids", 0),
            request.ValidFrom.ToDomain("valid_from"),
            request.ValidUntil.ToDomain("valid_until"));
        edit.Validate();
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize);
        var outcome = await edits.ApplyAsync(edit, request.DryRun, request.PageToken, pageSize);
        return new BulkEditAssignmentsResponse
        {
            RevisionToken = outcome.Token is { } written ? tokens.Encode(request.OrganizationId, written) : "",
            ChangedCount = outcome.ChangedCount,
            Impact = outcome.Impact.ToApi(),
        };
    }

    public override async Task<ListAssignmentsResponse> ListAssignments(ListAssignmentsRequest request, ServerCallContext context)
    {
        var queries = grains.AccessQueries(request.OrganizationId);
        var unitIds = Ids.RequireList(request.UnitIds, "unit_ids", 0, MaxFilterIds, Ids.Require);
        var userIds = Ids.RequireList(request.UserIds, "user_ids", 0, MaxFilterIds, Ids.Require);
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize);
        var token = revisions.Of(request.OrganizationId, request.RevisionToken);
        var page = await queries.ListAssignmentsAsync(unitIds, userIds, request.PageToken, pageSize, token);
        return new ListAssignmentsResponse
        {
            Assignments = { page.Assignments.Select(assignment => assignment.ToApi(request.OrganizationId)) },
            NextPageToken = page.NextPageToken ?? "",
        };
    }

    public override async Task<ListUserAccessesResponse> ListUserAccesses(ListUserAccessesRequest request, ServerCallContext context)
    {
        var queries = grains.AccessQueries(request.OrganizationId);
        var userId = Ids.Require(request.UserId, "user_id");
        var token = revisions.Of(request.OrganizationId, request.RevisionToken);
        var accesses = await queries.ListUserAccessesAsync(userId, request.IncludeUnitsWithoutRoles, token);
        return new ListUserAccessesResponse { Accesses = { accesses.Select(access => access.ToApi(request.OrganizationId)) } };
    }

    public override async Task ExportAssignments(ExportAssignmentsRequest request, IServerStreamWriter<ExportChunk> responseStream, ServerCallContext context)
    {
        var exports = grains.AccessQueries(request.OrganizationId);
        var selection = request.Scope switch
        {
            ExportScope.All => new ExportSelection("all accesses", [], []),
            ExportScope.Selection => Selection(request),
            ExportScope.User => new ExportSelection($"accesses of user {Ids.Require(request.UserId, "user_id")}", [], [request.UserId]),
            _ => throw DomainException.Invalid("scope", "scope must be EXPORT_SCOPE_ALL, EXPORT_SCOPE_SELECTION or EXPORT_SCOPE_USER"),
        };
        var reach = request.Scope == ExportScope.User
            ? UnitReach.All
            : await grains.Organization(request.OrganizationId).ReachAsync(context.GetCaller(), Grains.Domain.AdminPermissions.MembersTabView);
        var token = revisions.Of(request.OrganizationId, request.RevisionToken);
        var rows = await exports.ExportAsync(reach.Restrict(selection.UnitIds), selection.UserIds, token);
        var now = time.GetUtcNow();
        using var workbook = new MemoryStream();
        AccessWorkbook.Write(workbook, request.OrganizationId, selection.Description, now, rows);
        workbook.Position = 0;
        var buffer = new byte[ExportChunkSize];
        var first = true;
        int read;
        while ((read = await workbook.ReadAsync(buffer, context.CancellationToken)) > 0)
        {
            var chunk = new ExportChunk { Data = ByteString.CopyFrom(buffer, 0, read) };
            if (first)
            {
                chunk.FileName = $"{request.OrganizationId}-accesses-{now:yyyyMMdd-HHmmss}.xlsx";
                chunk.ContentType = WorkbookContentType;
                first = false;
            }

            await responseStream.WriteAsync(chunk, context.CancellationToken);
        }
    }

    public override Task Watch(WatchRequest request, IServerStreamWriter<AssignmentChange> responseStream, ServerCallContext context) =>
        watch.StreamAsync(request, responseStream, context.CancellationToken);

    private static ExportSelection Selection(ExportAssignmentsRequest request)
    {
        var unitIds = Ids.RequireList(request.UnitIds, "unit_ids", 0, MaxFilterIds, Ids.Require);
        var userIds = Ids.RequireList(request.UserIds, "user_ids", 0, MaxFilterIds, Ids.Require);
        if (unitIds.Length + userIds.Length == 0)
        {
            throw DomainException.Invalid("unit_ids", "a selection names at least one unit or user");
        }

        return new ExportSelection($"selection: units [{string.Join(", ", unitIds)}], users [{string.Join(", ", userIds)}]", unitIds, userIds);
    }

    private static string[] RoleIds(IReadOnlyList<string> roleIds, string field, int min) =>
        Ids.RequireList(roleIds, field, min, UnitAssignments.MaxRolesPerUser, Ids.Require);

    private sealed record ExportSelection(string Description, string[] UnitIds, string[] UserIds);
}
