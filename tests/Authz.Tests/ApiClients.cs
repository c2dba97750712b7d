using Authz.Api.V1;
using Grpc.Core;

namespace Authz.Tests;

/// <summary>A client of every API service, all calling with one credential (or none).</summary>
public sealed class ApiClients(CallInvoker invoker)
{
    public CallInvoker Invoker { get; } = invoker;

    public Organizations.OrganizationsClient Organizations { get; } = new(invoker);

    public Units.UnitsClient Units { get; } = new(invoker);

    public Users.UsersClient Users { get; } = new(invoker);

    public Permissions.PermissionsClient Permissions { get; } = new(invoker);

    public Roles.RolesClient Roles { get; } = new(invoker);

    public Assignments.AssignmentsClient Assignments { get; } = new(invoker);

    public Checks.ChecksClient Checks { get; } = new(invoker);

    public Sessions.SessionsClient Sessions { get; } = new(invoker);

    public Administrators.AdministratorsClient Administrators { get; } = new(invoker);

    public ApiKeys.ApiKeysClient ApiKeys { get; } = new(invoker);

    public Audit.AuditClient Audit { get; } = new(invoker);

    public TeamFolders.TeamFoldersClient TeamFolders { get; } = new(invoker);

    public LegalHolds.LegalHoldsClient LegalHolds { get; } = new(invoker);

    public Billing.BillingClient Billing { get; } = new(invoker);

    public Reports.ReportsClient Reports { get; } = new(invoker);
}
