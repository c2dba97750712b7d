using Authz.Api.V1;
using Authz.Gateway.Security;
using Authz.Grains;
using Authz.Grains.Domain;
using Authz.Grains.Telemetry;
using Authz.Grains.Units;
using Grpc.Core;

namespace Authz.Gateway.Services;

/// <summary>
/// Checks are answered from the unit's view in this process when there is one that holds the request's revision
/// (no grain call), and otherwise by the unit grain, which waits for the revision and publishes a fresh view.
/// </summary>
public sealed class ChecksService(
    IGrainFactory grains, LocalUnitViews views, TimeProvider time, RequestRevisions revisions, KnownOrganizations organizations) : Checks.ChecksBase
{
    public const int MaxBatchItems = 1000;
    private const int DefaultPageSize = 100;

    public override async Task<CheckResponse> Check(CheckRequest request, ServerCallContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            var organizationId = Ids.Require(request.OrganizationId, "organization_id");
            var unitId = Ids.Require(request.UnitId, "unit_id");
            var userId = Ids.Require(request.UserId, "user_id");
            var permissionId = Ids.RequirePermission(request.PermissionId, "permission_id");
            var token = revisions.Of(organizationId, request.RevisionToken);
            bool allowed;
            if (TryView(organizationId, unitId, token)?.Permissions.Check(userId, permissionId, time.GetUtcNow()) is (CheckOutcome.Allowed or CheckOutcome.Denied) and var outcome)
            {
                allowed = outcome == CheckOutcome.Allowed;
            }
            else
            {
                // No view, or a permission the view does not know: the grain answers, asking for a newer role table first.
                allowed = await CheckInUnitAsync(organizationId, unitId, userId, permissionId, token, context.CancellationToken);
            }

            AuthzMetrics.RecordChecks(nameof(Check), allowed);
            return new CheckResponse { Allowed = allowed };
        }
        finally
        {
            AuthzMetrics.RecordCheckDuration(nameof(Check), time.GetElapsedTime(started));
        }
    }

    public override async Task<CheckBatchResponse> CheckBatch(CheckBatchRequest request, ServerCallContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            var results = await CheckBatchAsync(request);
            AuthzMetrics.RecordChecks(nameof(CheckBatch), allowed: true, results.Count(result => result.Allowed));
            AuthzMetrics.RecordChecks(nameof(CheckBatch), allowed: false, results.Count(result => result is { Allowed: false, Error: null }));
            return new CheckBatchResponse { Results = { results } };
        }
        finally
        {
            AuthzMetrics.RecordCheckDuration(nameof(CheckBatch), time.GetElapsedTime(started));
        }
    }

    public override async Task<ExplainResponse> Explain(ExplainRequest request, ServerCallContext context)
    {
        var queries = grains.AccessQueries(request.OrganizationId);
        var userId = Ids.Require(request.UserId, "user_id");
        var unitId = Ids.Require(request.UnitId, "unit_id");
        var permissionId = Ids.RequirePermission(request.PermissionId, "permission_id");
        var token = revisions.Of(request.OrganizationId, request.RevisionToken);
        return (await queries.ExplainAsync(userId, unitId, permissionId, token)).ToApi(userId, permissionId);
    }

    public override async Task<LookupUnitsResponse> LookupUnits(LookupUnitsRequest request, ServerCallContext context)
    {
        var queries = grains.AccessQueries(request.OrganizationId);
        var userId = Ids.Require(request.UserId, "user_id");
        var permissionId = Ids.RequirePermission(request.PermissionId, "permission_id");
        var token = revisions.Of(request.OrganizationId, request.RevisionToken);
        return new LookupUnitsResponse { UnitIds = { await queries.LookupUnitsAsync(userId, permissionId, token) } };
    }

    public override async Task<LookupUsersResponse> LookupUsers(LookupUsersRequest request, ServerCallContext context)
    {
        var organizationId = Ids.Require(request.OrganizationId, "organization_id");
        var unitId = Ids.Require(request.UnitId, "unit_id");
        var permissionId = Ids.RequirePermission(request.PermissionId, "permission_id");
        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize);
        var after = PageToken.Decode(request.PageToken, 1)?[0];
        var unit = await revisions.UnitAsync(organizationId, unitId, request.RevisionToken, context.CancellationToken);
        var page = await unit.LookupUsersAsync(permissionId, after, pageSize);
        return new LookupUsersResponse
        {
            UserIds = { page.UserIds },
            NextPageToken = page.HasMore ? PageToken.Encode(page.UserIds[^1]) : "",
        };
    }

    private async Task<CheckBatchResult[]> CheckBatchAsync(CheckBatchRequest request)
    {
        var organizationId = GrainKeys.Organization(request.OrganizationId);
        if (request.Items.Count is 0 or > MaxBatchItems)
        {
            throw DomainException.Invalid("items", $"items must hold 1 to {MaxBatchItems} checks");
        }

        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            Ids.Require(item.UserId, $"items[{i}].user_id");
            Ids.Require(item.UnitId, $"items[{i}].unit_id");
            Ids.RequirePermission(item.PermissionId, $"items[{i}].permission_id");
        }

        var token = revisions.Of(organizationId, request.RevisionToken);
        var results = new CheckBatchResult[request.Items.Count];
        var now = time.GetUtcNow();
        List<int>? withoutView = null;
        UnitCheckView? view = null;
        string? viewUnitId = null;
        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            if (viewUnitId != item.UnitId)
            {
                viewUnitId = item.UnitId;
                view = TryView(organizationId, item.UnitId, token);
            }

            if (view?.Permissions.Check(item.UserId, item.PermissionId, now) is (CheckOutcome.Allowed or CheckOutcome.Denied) and var outcome)
            {
                results[i] = ItemResult(outcome, item.PermissionId);
            }
            else
            {
                (withoutView ??= []).Add(i);
            }
        }

        if (withoutView is not null)
        {
            var byUnit = withoutView.GroupBy(i => request.Items[i].UnitId, StringComparer.Ordinal);
            await Task.WhenAll(byUnit.Select(group => CheckUnitAsync(organizationId, group.Key, group.ToArray(), request, token, results)));
        }

        return results;
    }

    private async Task<bool> CheckInUnitAsync(
        string organizationId, string unitId, string userId, string permissionId, RevisionToken? token, CancellationToken cancellationToken)
    {
        try
        {
            var unit = await revisions.UnitAsync(organizationId, unitId, token, cancellationToken);
            return await unit.CheckAsync(userId, permissionId);
        }
        catch (DomainException error)
        {
            throw await InTermsOfTheOrganizationAsync(organizationId, error);
        }
    }

    /// <summary>
    /// A unit (or permission) not found in an organization that does not exist is reported as the organization not
    /// found. Asked only once a unit was not found, so checks in existing organizations make no extra call.
    /// </summary>
    private async Task<DomainException> InTermsOfTheOrganizationAsync(string organizationId, DomainException error) =>
        error.Error == DomainError.NotFound && !await organizations.ExistsAsync(organizationId)
            ? DomainException.NotFound("organization", organizationId)
            : error;

    private UnitCheckView? TryView(string organizationId, string unitId, RevisionToken? token) =>
        views.TryGet(organizationId, unitId, out var view) && (token is null || view.HasApplied(token)) ? view : null;

    private static CheckBatchResult ItemResult(CheckOutcome outcome, string permissionId) => outcome switch
    {
        CheckOutcome.Allowed => new CheckBatchResult { Allowed = true },
        CheckOutcome.Denied => new CheckBatchResult { Allowed = false },
        _ => Failed(DomainException.NotFound("permission", permissionId)),
    };

    private async Task CheckUnitAsync(string organizationId, string unitId, int[] indexes, CheckBatchRequest request, RevisionToken? token, CheckBatchResult[] results)
    {
        var checks = indexes.Select(i => new UserCheck(request.Items[i].UserId, request.Items[i].PermissionId)).ToArray();
        try
        {
            var unit = await revisions.UnitAsync(organizationId, unitId, token, CancellationToken.None);
            var outcomes = await unit.CheckManyAsync(checks);
            for (var j = 0; j < indexes.Length; j++)
            {
                results[indexes[j]] = ItemResult(outcomes[j], checks[j].PermissionId);
            }
        }
        catch (DomainException error)
        {
            var reported = await InTermsOfTheOrganizationAsync(organizationId, error);
            foreach (var i in indexes)
            {
                results[i] = Failed(reported);
            }
        }
    }

    private static CheckBatchResult Failed(DomainException error) => new()
    {
        Error = new ItemError { Code = (int)DomainErrorInterceptor.ToCode(error.Error), Message = error.Message },
    };
}
