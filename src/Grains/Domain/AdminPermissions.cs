namespace Authz.Grains.Domain;

/// <summary>
/// The admin permissions the service's own API is guarded by: the matrix rows it names in code, and the
/// two service permissions the matrix has no row for (units and role definitions), held by team administrators.
/// </summary>
public static class AdminPermissions
{
    public const string Impersonate = "admin.users.impersonate";
    public const string DomainInvitesSend = "admin.domain_invites.send";
    public const string MembersInviteRemove = "admin.members.invite_remove";
    public const string MembersChangeEmail = "admin.members.change_email";
    public const string InviteRemindersSend = "admin.invite_reminders.send";
    public const string AccountsTransfer = "admin.accounts.transfer";
    public const string MembersDelete = "admin.members.delete";
    public const string MembersResetPassword = "admin.members.reset_password";
    public const string MembersEndWebSessions = "admin.members.end_web_sessions";
    public const string AdminsEndWebSessions = "admin.admins.end_web_sessions";
    public const string AdminRolesCreateAssign = "admin.admin_roles.create_assign";
    public const string AdminRolesSuspendRemove = "admin.admin_roles.suspend_remove";
    public const string AdminsResetPassword = "admin.admins.reset_password";
    public const string TeamFoldersCreateRemove = "admin.team_folders.create_remove";
    public const string TeamFoldersManage = "admin.team_folders.manage";
    public const string LegalHoldsManage = "admin.legal_holds.manage";
    public const string ActivityReportsView = "admin.activity_reports.view";
    public const string MembersTabView = "admin.members_tab.view";
    public const string CompanyActivityView = "admin.company_activity.view";
    public const string DashboardView = "admin.dashboard.view";
    public const string MemberProfilesView = "admin.member_profiles.view";
    public const string UserActivityLogsView = "admin.user_activity_logs.view";
    public const string LicensesAdd = "admin.licenses.add";
    public const string BillingView = "admin.billing.view";
    public const string SupportContactsAccess = "admin.support_contacts.access";
    public const string ThirdPartyAppsLink = "admin.third_party_apps.link";
    public const string AuthenticationManage = "admin.authentication.manage";

    /// <summary>Create, rename and delete units. Not in the matrix; team administrators hold it.</summary>
    public const string UnitsManage = "admin.units.manage";

    /// <summary>Define roles and application permissions. Not in the matrix; team administrators hold it.</summary>
    public const string RolesManage = "admin.roles.manage";

    public const string Prefix = "admin.";

    /// <summary>The service permissions, after the matrix rows in the catalog.</summary>
    public static IReadOnlyList<Permission> ServicePermissions { get; } =
    [
        new(UnitsManage, "Create, rename and delete units", PermissionKind.Admin),
        new(RolesManage, "Define roles and application permissions", PermissionKind.Admin),
    ];

    /// <summary>Every admin permission: the matrix rows in matrix order, then the service permissions.</summary>
    public static IReadOnlyList<Permission> All { get; } =
        AdminRoleMatrix.Rows.Select(row => new Permission(row.PermissionId, row.Description, PermissionKind.Admin))
            .Concat(ServicePermissions)
            .ToArray();

    public static bool IsAdmin(string permissionId) => permissionId.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// What a predefined role ships with: its matrix cells marked granted, and for the team administrator,
    /// who "has access to all permissions", the service permissions too.
    /// </summary>
    public static string[] OriginalPermissions(string roleId)
    {
        var matrix = AdminRoleMatrix.OriginalPermissions(roleId);
        var permissions = roleId == AdminRoleMatrix.TeamAdmin ? matrix.Concat(ServicePermissions.Select(permission => permission.Id)) : matrix;
        return permissions.Order(StringComparer.Ordinal).ToArray();
    }
}
