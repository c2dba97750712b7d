using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Domain;
using Google.Protobuf;
using static Authz.Grains.Domain.AdminPermissions;

namespace Authz.Gateway.Security;

/// <summary>What one call needs from its caller, where it is audited, and whether it changes state.</summary>
public sealed record Guard(string OrganizationId, AccessRequest[] Requests, string Target, bool ChangesState)
{
    public string? SubjectUserId => Requests.Select(request => request.SubjectUserId).FirstOrDefault(id => id is not null);
}

/// <summary>
/// Every RPC of the API, by request type, mapped to what its caller needs in the organization's own model.
/// A request type without a policy is refused: an RPC added without one cannot be called.
/// </summary>
public sealed class AccessPolicies
{
    private readonly Dictionary<Type, Func<IMessage, Guard>> _policies = [];
    private readonly HashSet<Type> _openRequestTypes = [];

    public static AccessPolicies Default { get; } = Build();

    public IReadOnlyCollection<Type> RequestTypes => _policies.Keys;

    /// <summary>Whether the RPC needs no credential, decided on the request type alone, before the request is read.</summary>
    public bool IsOpen(Type requestType) => _openRequestTypes.Contains(requestType);

    public Guard? Describe(IMessage request) => _policies.TryGetValue(request.GetType(), out var describe) ? describe(request) : null;

    private static AccessPolicies Build() => new AccessPolicies()
        // Organizations
        .Write<CreateOrganizationRequest>(r => new(Org(r.OrganizationId), [AccessRequest.OperatorOnly()], "organization", true))
        .Read<GetOrganizationRequest>(r => Single(r.OrganizationId, AccessRequest.AnyMember(), "organization"))
        .Read<GetSettingsRequest>(r => Single(r.OrganizationId, AccessRequest.AnyAdministrator(), "settings"))
        .Write<UpdateSettingsRequest>(r => new(Org(r.OrganizationId),
            (r.UpdateMask?.Paths ?? []).Distinct().Select(path => AccessRequest.Requires(Grains.Domain.OrganizationSettings.PermissionFor(path))).DefaultIfEmpty(AccessRequest.AnyAdministrator()).ToArray(),
            $"settings/{string.Join(',', r.UpdateMask?.Paths ?? [])}", true))
        .Read<GetOfficersRequest>(r => Single(r.OrganizationId, AccessRequest.AnyMember(), "officers"))
        .Write<SetOfficersRequest>(r => Single(r.OrganizationId, AccessRequest.LegalRepresentative(), "officers"))
        // Units
        .Write<CreateUnitRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(UnitsManage), $"unit/{r.UnitId}"))
        .Write<RenameUnitRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(UnitsManage), $"unit/{r.UnitId}"))
        .Write<DeleteUnitRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(UnitsManage), $"unit/{r.UnitId}"))
        .Read<GetUnitRequest>(r => Single(r.OrganizationId, AccessRequest.AnyMember(), $"unit/{r.UnitId}"))
        .Read<ListUnitsRequest>(r => Single(r.OrganizationId, AccessRequest.AnyMember(), "units"))
        // Users
        .Write<CreateUserRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(MembersInviteRemove), $"user/{r.UserId} email/{r.Email}"))
        .Read<GetUserRequest>(r => Single(r.OrganizationId, About(MemberProfilesView, r.UserId) with { SelfAllowed = true }, $"user/{r.UserId}"))
        .Read<ListUsersRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(MembersTabView), "users"))
        .Write<ResendActivationRequest>(r => Single(r.OrganizationId, About(InviteRemindersSend, r.UserId, AdminsResetPassword), $"user/{r.UserId}"))
        .Write<ResetPasswordRequest>(r => Single(r.OrganizationId, About(MembersResetPassword, r.UserId, AdminsResetPassword), $"user/{r.UserId}"))
        .Write<SuspendUserRequest>(r => Single(r.OrganizationId, About(MembersInviteRemove, r.UserId, AdminRolesSuspendRemove), $"user/{r.UserId}"))
        .Write<ResumeUserRequest>(r => Single(r.OrganizationId, About(MembersInviteRemove, r.UserId, AdminRolesSuspendRemove), $"user/{r.UserId}"))
        .Write<DeleteUserRequest>(r => Single(r.OrganizationId, About(MembersDelete, r.UserId, AdminRolesSuspendRemove), $"user/{r.UserId} remote_wipe/{r.RemoteWipe}"))
        .Write<EndSessionsRequest>(r => Single(r.OrganizationId, About(MembersEndWebSessions, r.UserId, AdminsEndWebSessions) with { SelfAllowed = true }, $"user/{r.UserId}"))
        .Write<ChangeUserEmailRequest>(r => Single(r.OrganizationId, About(MembersChangeEmail, r.UserId, AdminsResetPassword), $"user/{r.UserId} email/{r.Email}"))
        .Write<TransferAccountRequest>(r => Single(r.OrganizationId, About(AccountsTransfer, r.FromUserId, AdminRolesSuspendRemove, field: "from_user_id"), $"user/{r.FromUserId} to/{r.ToUserId}"))
        .Write<SendDomainInvitationsRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(DomainInvitesSend), $"invitees/{r.Invitees.Count}"))
        // Sessions
        .Open<RedeemLinkRequest>(r => Single(r.OrganizationId, AccessRequest.Open() with { SubjectUserId = Ids.Optional(r.UserId, "user_id") }, $"user/{r.UserId}"))
        .Open<SignInRequest>(r => Single(r.OrganizationId, AccessRequest.Open(), $"email/{r.Email}"))
        .Write<ImpersonateRequest>(r => Single(r.OrganizationId, About(Impersonate, r.UserId), $"user/{r.UserId}"))
        // Administrators
        .Read<ListAdministratorsRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(MembersTabView), "administrators"))
        .Write<AddAdministratorRequest>(r => Single(r.OrganizationId, About(AdminRolesCreateAssign, r.UserId), $"user/{r.UserId} role/{r.RoleId}"))
        .Write<ChangeAdministratorRoleRequest>(r => Single(r.OrganizationId, About(AdminRolesCreateAssign, r.UserId), $"user/{r.UserId} role/{r.RoleId}"))
        .Write<SuspendAdministratorRequest>(r => Single(r.OrganizationId, About(AdminRolesSuspendRemove, r.UserId), $"user/{r.UserId}"))
        .Write<ResumeAdministratorRequest>(r => Single(r.OrganizationId, About(AdminRolesSuspendRemove, r.UserId), $"user/{r.UserId}"))
        .Write<RemoveAdministratorRequest>(r => Single(r.OrganizationId, About(AdminRolesSuspendRemove, r.UserId), $"user/{r.UserId}"))
        .Read<GetAdminPermissionsRequest>(r => Single(r.OrganizationId, About(MembersTabView, r.UserId) with { SelfAllowed = true }, $"user/{r.UserId}"))
        // Permissions and roles: admin permissions and roles holding them are ADM-5's "admin roles".
        .Read<ListPermissionsRequest>(r => Single(r.OrganizationId, AccessRequest.AnyMember(), "permissions"))
        .Write<CreatePermissionRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(RolesManage), $"permission/{r.PermissionId}"))
        .Read<GetRoleRequest>(r => Single(r.OrganizationId, AccessRequest.AnyMember(), $"role/{r.RoleId}"))
        .Read<ListRolesRequest>(r => Single(r.OrganizationId, AccessRequest.AnyMember(), "roles"))
        .Write<CreateRoleRequest>(r => Single(r.OrganizationId,
            AccessRequest.Requires(RolesManage) with { PermissionIds = [.. r.PermissionIds], AdminPowerPermission = AdminRolesCreateAssign }, $"role/{r.RoleId}"))
        .Write<SetRolePermissionsRequest>(r => Single(r.OrganizationId,
            AccessRequest.Requires(RolesManage) with { RoleIds = [r.RoleId], PermissionIds = [.. r.PermissionIds], AdminPowerPermission = AdminRolesCreateAssign }, $"role/{r.RoleId}"))
        .Write<RenameRoleRequest>(r => Single(r.OrganizationId, RoleEdit(r.RoleId, AdminRolesCreateAssign), $"role/{r.RoleId}"))
        .Write<RestoreRoleRequest>(r => Single(r.OrganizationId, RoleEdit(r.RoleId, AdminRolesCreateAssign), $"role/{r.RoleId}"))
        .Write<DeleteRoleRequest>(r => Single(r.OrganizationId, RoleEdit(r.RoleId, AdminRolesSuspendRemove), $"role/{r.RoleId}"))
        // Assignments (ASG-7: the permission may be held in the unit itself)
        .Write<AssignRolesRequest>(r => Single(r.OrganizationId, InUnits(About(MembersInviteRemove, r.UserId), r.UnitId) with
            { RoleIds = [.. r.RoleIds], AdminPowerPermission = AdminRolesCreateAssign }, $"unit/{r.UnitId} user/{r.UserId} roles/{string.Join(',', r.RoleIds)}"))
        .Write<RemoveRolesRequest>(r => Single(r.OrganizationId, InUnits(About(MembersInviteRemove, r.UserId), r.UnitId) with
            { RoleIds = [.. r.RoleIds], AdminPowerPermission = AdminRolesSuspendRemove }, $"unit/{r.UnitId} user/{r.UserId} roles/{string.Join(',', r.RoleIds)}"))
        // Switching inheritance at a unit needs the permission there: it reaches the unit's descendants, as the console's unit administrator does.
        .Write<EnableInheritanceRequest>(r => Single(r.OrganizationId, InUnits(About(MembersInviteRemove, r.UserId), r.UnitId), $"unit/{r.UnitId} user/{r.UserId} inherit/{r.Mode}"))
        .Write<DisableInheritanceRequest>(r => Single(r.OrganizationId, InUnits(About(MembersInviteRemove, r.UserId), r.UnitId), $"unit/{r.UnitId} user/{r.UserId} inherit/off"))
        .Write<BreakInheritanceRequest>(r => Single(r.OrganizationId, InUnits(About(MembersInviteRemove, r.UserId), r.UnitId), $"unit/{r.UnitId} user/{r.UserId} inherit/break"))
        .Write<BulkEditAssignmentsRequest>(r => Single(r.OrganizationId, InUnitList(AccessRequest.Requires(MembersInviteRemove), r.UnitIds) with
            {
                RoleIds = [.. r.AddRoleIds, .. r.RemoveRoleIds],
                AdminPowerPermission = r.AddRoleIds.Count > 0 ? AdminRolesCreateAssign : AdminRolesSuspendRemove,
            }, $"units/{r.UnitIds.Count} users/{r.UserIds.Count} add/{string.Join(',', r.AddRoleIds)} remove/{string.Join(',', r.RemoveRoleIds)} dry-run/{r.DryRun}"))
        // An export reaches what it will contain (ASG-6, ASG-7): named units must each be held; otherwise it covers
        // the units the caller may see, so holding the permission in one unit is enough to ask.
        .Read<ExportAssignmentsRequest>(r => Single(r.OrganizationId, r.Scope == ExportScope.User
            ? About(MembersTabView, r.UserId) with { SelfAllowed = true }
            : r.Scope == ExportScope.Selection && r.UnitIds.Count > 0
                ? InUnitList(AccessRequest.Requires(MembersTabView), r.UnitIds)
                : AccessRequest.Requires(MembersTabView) with { InSomeUnit = true }, $"export/{r.Scope}"))
        .Read<WatchRequest>(r => Single(r.OrganizationId, Check(AccessRequest.Requires(MembersTabView)), "watch"))
        .Read<ListAssignmentsRequest>(r => Single(r.OrganizationId, InUnitList(AccessRequest.Requires(MembersTabView), r.UnitIds), "assignments"))
        .Read<ListUserAccessesRequest>(r => Single(r.OrganizationId, About(MembersTabView, r.UserId) with { SelfAllowed = true }, $"user/{r.UserId}"))
        // Checks: partner platforms' keys, administrators who see members, and users about themselves.
        .Read<CheckRequest>(r => Single(r.OrganizationId, Check(InUnits(About(MembersTabView, r.UserId), r.UnitId)), $"unit/{r.UnitId} user/{r.UserId}"))
        .Read<CheckBatchRequest>(r => Single(r.OrganizationId, Check(BatchSubject(r)), "checks"))
        .Read<ExplainRequest>(r => Single(r.OrganizationId, Check(InUnits(About(MembersTabView, r.UserId), r.UnitId)), $"unit/{r.UnitId} user/{r.UserId}"))
        .Read<LookupUnitsRequest>(r => Single(r.OrganizationId, Check(About(MembersTabView, r.UserId)), $"user/{r.UserId}"))
        .Read<LookupUsersRequest>(r => Single(r.OrganizationId, Check(InUnits(AccessRequest.Requires(MembersTabView), r.UnitId)), $"unit/{r.UnitId}"))
        // API keys: one organization's administrator links their own; keys for several organizations are the operator's.
        .Write<CreateApiKeyRequest>(r => new(FirstOrganization(r.OrganizationIds),
            [r.OrganizationIds.Count > 1 ? AccessRequest.OperatorOnly() : AccessRequest.Requires(ThirdPartyAppsLink)], $"api-key/{r.DisplayName}", true))
        .Read<ListApiKeysRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(ThirdPartyAppsLink), "api-keys"))
        .Write<RevokeApiKeyRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(ThirdPartyAppsLink), $"api-key/{r.KeyId}"))
        // Team folders, legal holds, billing and reports: one matrix row each
        .Write<CreateTeamFolderRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(TeamFoldersCreateRemove), $"team-folder/{r.FolderId} name/{r.Name}"))
        .Write<DeleteTeamFolderRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(TeamFoldersCreateRemove), $"team-folder/{r.FolderId}"))
        .Write<ArchiveTeamFolderRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(TeamFoldersManage), $"team-folder/{r.FolderId} archived/{r.Archived}"))
        .Read<ListTeamFoldersRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(TeamFoldersManage), "team-folders"))
        .Write<PlaceLegalHoldRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(LegalHoldsManage), $"legal-hold/{r.HoldId} users/{string.Join(',', r.UserIds)}"))
        .Write<ReleaseLegalHoldRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(LegalHoldsManage), $"legal-hold/{r.HoldId}"))
        .Read<ListLegalHoldsRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(LegalHoldsManage), "legal-holds"))
        .Read<GetBillingRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(BillingView), "billing"))
        .Write<AddLicensesRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(LicensesAdd), $"licenses/+{r.Count}"))
        .Read<GetSupportContactsRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(SupportContactsAccess), "support"))
        .Read<GetDashboardRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(DashboardView), "dashboard"))
        .Read<GetActivityReportRequest>(r => Single(r.OrganizationId, AccessRequest.Requires(ActivityReportsView), "activity-report"))
        // Audit
        .Read<ListAuditEventsRequest>(r => Single(r.OrganizationId, string.IsNullOrEmpty(r.UserId)
            ? AccessRequest.Requires(CompanyActivityView)
            : About(UserActivityLogsView, r.UserId) with { SelfAllowed = true }, "audit"));

    private AccessPolicies Read<TRequest>(Func<TRequest, Guard> describe) where TRequest : IMessage =>
        Add<TRequest>(request => describe(request) with { ChangesState = false });

    private AccessPolicies Write<TRequest>(Func<TRequest, Guard> describe) where TRequest : IMessage =>
        Add<TRequest>(request => describe(request) with { ChangesState = true });

    private AccessPolicies Open<TRequest>(Func<TRequest, Guard> describe) where TRequest : IMessage
    {
        _openRequestTypes.Add(typeof(TRequest));
        return Write(describe);
    }

    private AccessPolicies Add<TRequest>(Func<TRequest, Guard> describe) where TRequest : IMessage
    {
        _policies.Add(typeof(TRequest), request => describe((TRequest)request));
        return this;
    }

    private static string Org(string organizationId) => GrainKeys.Organization(organizationId);

    private static string FirstOrganization(IReadOnlyList<string> organizationIds) =>
        organizationIds.Count == 0
            ? throw DomainException.Invalid("organization_ids", "organization_ids must name at least one organization")
            : Ids.Require(organizationIds[0], "organization_ids[0]");

    private static Guard Single(string organizationId, AccessRequest request, string target) => new(Org(organizationId), [request], target, false);

    private static AccessRequest About(string permission, string userId, string? overAdministrators = null, string field = "user_id") =>
        AccessRequest.Requires(permission) with { SubjectUserId = Ids.Require(userId, field), PermissionOverAdministrators = overAdministrators };

    private static AccessRequest InUnits(AccessRequest request, string unitId) => request with { UnitIds = [Ids.Require(unitId, "unit_id")] };

    private static AccessRequest InUnitList(AccessRequest request, IReadOnlyList<string> unitIds) =>
        request with { UnitIds = unitIds.Select((unitId, i) => Ids.Require(unitId, $"unit_ids[{i}]")).ToArray() };

    private static AccessRequest RoleEdit(string roleId, string adminPower) =>
        AccessRequest.Requires(RolesManage) with { RoleIds = [Ids.Require(roleId, "role_id")], AdminPowerPermission = adminPower };

    private static AccessRequest Check(AccessRequest request) => request with { SelfAllowed = request.SubjectUserId is not null, PlatformAllowed = true };

    /// <summary>A batch about one user is that user's own question; any other needs the permission organization-wide.</summary>
    private static AccessRequest BatchSubject(CheckBatchRequest request)
    {
        var users = request.Items.Select(item => item.UserId).Distinct(StringComparer.Ordinal).Take(2).ToArray();
        return users is [var only] && Ids.IsValid(only) ? About(MembersTabView, only) : AccessRequest.Requires(MembersTabView);
    }
}
