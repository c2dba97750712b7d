using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Domain;
using Grpc.Core;
using UserActivity = Authz.Api.V1.UserActivity;

namespace Authz.Gateway.Services;

public sealed class ReportsService(IGrainFactory grains) : Reports.ReportsBase
{
    public const int ActivityReportEntries = 2048;

    public override async Task<Dashboard> GetDashboard(GetDashboardRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        var administrators = await organization.ListAdministratorsAsync();
        var users = await grains.UserDirectory(request.OrganizationId).CountByStatusAsync();
        return new Dashboard
        {
            OrganizationId = request.OrganizationId,
            UsersNotActivated = users.GetValueOrDefault(UserStatus.NotActivated),
            UsersActive = users.GetValueOrDefault(UserStatus.Active),
            UsersSuspended = users.GetValueOrDefault(UserStatus.Suspended),
            Units = (await organization.ListUnitsAsync()).Length,
            Roles = (await organization.ListRolesAsync()).Length,
            ActiveAdministrators = administrators.ActiveUserIds.Length,
            Warning = administrators.Warning ?? "",
        };
    }

    public override async Task<ActivityReport> GetActivityReport(GetActivityReportRequest request, ServerCallContext context)
    {
        var summary = await grains.Organization(request.OrganizationId).GetMemberActivityAsync(ActivityReportEntries);
        return new ActivityReport
        {
            OrganizationId = request.OrganizationId,
            Users =
            {
                summary.Users.Select(user => new UserActivity { UserId = user.UserId, Calls = user.Calls, Refused = user.Refused }),
            },
            EntriesRead = summary.EntriesRead,
        };
    }
}
