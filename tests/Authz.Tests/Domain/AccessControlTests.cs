using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class AccessControlTests
{
    private const string Org = "acme";

    private static DateTimeOffset Now => DomainFixtures.Now;

    private static Caller User(string userId, string email = "") =>
        Caller.User(Org, userId, email.Length == 0 ? $"{userId}@example.org" : email);

    /// <summary>
    /// The organization's state, administrators added under Advanced so every admin role is possible:
    /// ada team-admin, sam support-admin, umi user-management-admin, rex reports-admin, cleo compliance-admin,
    /// zed a suspended team-admin. lee is the legal representative, sup the super administrator, nia a plain user.
    /// The catalog holds the application permissions and two custom roles: editor (application permissions only)
    /// and dashboard-viewer (one admin permission).
    /// </summary>
    private sealed class Organization
    {
        public RoleCatalog Roles { get; } = DomainFixtures.CatalogWithApplicationPermissions();

        public Administrators Administrators { get; } = new();

        public Officers Officers { get; } = Officers.Of(["lee"], ["sup"]);

        public Organization()
        {
            var advanced = new Subscription(Plan.Advanced, [AddOn.DataGovernance]);
            Roles.CreateRole("editor", "Editor", ["documents.read", "documents.write"], Now);
            Roles.CreateRole("dashboard-viewer", "Dashboard viewer", [AdminPermissions.DashboardView, "documents.read"], Now);
            Administrators.Add("ada", AdminRoleMatrix.TeamAdmin, advanced, Roles, Now);
            Administrators.Add("zed", AdminRoleMatrix.TeamAdmin, advanced, Roles, Now);
            Administrators.Add("sam", AdminRoleMatrix.SupportAdmin, advanced, Roles, Now);
            Administrators.Add("umi", AdminRoleMatrix.UserManagementAdmin, advanced, Roles, Now);
            Administrators.Add("rex", AdminRoleMatrix.ReportsAdmin, advanced, Roles, Now);
            Administrators.Add("cleo", AdminRoleMatrix.ComplianceAdmin, advanced, Roles, Now);
            Administrators.Suspend("zed");
        }

        public OrganizationAccess Access(Plan plan, OrganizationSettings? settings = null) =>
            new(new Subscription(plan, [AddOn.DataGovernance]), Administrators, Officers, Roles, settings ?? OrganizationSettings.Default);
    }

    private static OrganizationAccess Access(Plan plan = Plan.Advanced, OrganizationSettings? settings = null) =>
        new Organization().Access(plan, settings);

    private static string[] Sorted(IEnumerable<string> permissions) => [.. permissions.Order(StringComparer.Ordinal)];

    private static string[] AdminPermissionsOfRole(string roleId) =>
        Sorted(AdminPermissions.OriginalPermissions(roleId).Where(AdminPermissions.IsAdmin));

    private static readonly string[] AllAdminPermissions = Sorted(AdminPermissions.All.Select(permission => permission.Id));

    private static readonly string[] TeamFolderPermissions = [AdminPermissions.TeamFoldersCreateRemove, AdminPermissions.TeamFoldersManage];

    // ---- Decisions that need no organization state ----

    [Theory, Trait("Rule", "USR-2")]
    [InlineData(CallerKind.Anonymous)]
    [InlineData(CallerKind.Platform)]
    [InlineData(CallerKind.User)]
    public void USR2_an_open_request_needs_no_credential(CallerKind kind)
    {
        var caller = kind switch
        {
            CallerKind.Platform => Caller.Platform("key-1", []),
            CallerKind.User => Caller.User("other-org", "nia", "nia@example.org"),
            _ => Caller.Anonymous,
        };

        var verdict = AccessControl.DecideWithoutOrganization(caller, Org, AccessRequest.Open());

        Assert.NotNull(verdict);
        Assert.Equal(AccessOutcome.Allowed, verdict.Outcome);
    }

    [Theory, Trait("Rule", "ORG-1")]
    [InlineData(AccessRule.Operator)]
    [InlineData(AccessRule.Member)]
    [InlineData(AccessRule.Administrator)]
    [InlineData(AccessRule.Permission)]
    [InlineData(AccessRule.LegalRepresentative)]
    public void ORG1_the_operator_is_allowed_everything(AccessRule rule)
    {
        var verdict = AccessControl.DecideWithoutOrganization(Caller.Operator, Org, new AccessRequest(rule, AdminPermissions.MembersDelete));

        Assert.NotNull(verdict);
        Assert.True(verdict.IsAllowed);
    }

    [Theory, Trait("Rule", "ORG-1")]
    [InlineData(AccessRule.Operator)]
    [InlineData(AccessRule.Member)]
    [InlineData(AccessRule.Permission)]
    public void ORG1_an_anonymous_caller_is_denied_everything_but_open_requests(AccessRule rule)
    {
        var verdict = AccessControl.DecideWithoutOrganization(Caller.Anonymous, Org, new AccessRequest(rule, "documents.read"));

        Assert.NotNull(verdict);
        Assert.Equal(AccessOutcome.Denied, verdict.Outcome);
    }

    [Theory, Trait("Rule", "CHK-1")]
    [InlineData("acme", true)]
    [InlineData("alpha", true)]
    [InlineData("zeta", true)]
    [InlineData("beta", false)]
    [InlineData("ACME", false)]
    [InlineData("zzz", false)]
    [InlineData("", false)]
    public void CHK1_a_platform_key_runs_checks_only_in_the_organizations_it_is_scoped_to(string organizationId, bool allowed)
    {
        var key = Caller.Platform("key-1", ["acme", "alpha", "gamma", "zeta"]);
        var check = AccessRequest.Requires("documents.read") with { PlatformAllowed = true };

        var verdict = AccessControl.DecideWithoutOrganization(key, organizationId, check);

        Assert.NotNull(verdict);
        Assert.Equal(allowed ? AccessOutcome.Allowed : AccessOutcome.Denied, verdict.Outcome);
    }

    [Theory, Trait("Rule", "CHK-1")]
    [InlineData(AccessRule.Member)]
    [InlineData(AccessRule.Administrator)]
    [InlineData(AccessRule.Permission)]
    [InlineData(AccessRule.Operator)]
    public void CHK1_a_platform_key_is_denied_requests_not_open_to_platforms_even_in_its_organization(AccessRule rule)
    {
        var key = Caller.Platform("key-1", [Org]);

        var verdict = AccessControl.DecideWithoutOrganization(key, Org, new AccessRequest(rule, "documents.read"));

        Assert.NotNull(verdict);
        Assert.Equal(AccessOutcome.Denied, verdict.Outcome);
    }

    [Theory, Trait("Rule", "ORG-1")]
    [InlineData(AccessRule.Member)]
    [InlineData(AccessRule.Administrator)]
    [InlineData(AccessRule.Permission)]
    [InlineData(AccessRule.LegalRepresentative)]
    public void ORG1_a_user_of_another_organization_is_denied(AccessRule rule)
    {
        var stranger = Caller.User("other-org", "ada", "ada@example.org");
        var request = new AccessRequest(rule, AdminPermissions.MembersDelete) { SubjectUserId = "ada", SelfAllowed = true, PlatformAllowed = true };

        var verdict = AccessControl.DecideWithoutOrganization(stranger, Org, request);

        Assert.NotNull(verdict);
        Assert.Equal(AccessOutcome.Denied, verdict.Outcome);
    }

    [Fact, Trait("Rule", "ORG-1")]
    public void ORG1_a_user_is_denied_what_is_reserved_to_the_operator()
    {
        var verdict = AccessControl.DecideWithoutOrganization(User("ada"), Org, AccessRequest.OperatorOnly() with { SelfAllowed = true, SubjectUserId = "ada" });

        Assert.NotNull(verdict);
        Assert.Equal(AccessOutcome.Denied, verdict.Outcome);
    }

    [Fact, Trait("Rule", "USR-6")]
    public void USR6_any_user_of_the_organization_may_make_a_member_request()
    {
        var verdict = AccessControl.DecideWithoutOrganization(User("nia"), Org, AccessRequest.AnyMember());

        Assert.NotNull(verdict);
        Assert.True(verdict.IsAllowed);
    }

    [Fact, Trait("Rule", "USR-6")]
    public void USR6_a_user_may_make_a_self_request_about_themselves_only()
    {
        var request = AccessRequest.Requires(AdminPermissions.MemberProfilesView) with { SelfAllowed = true, SubjectUserId = "nia" };

        var self = AccessControl.DecideWithoutOrganization(User("nia"), Org, request);
        var other = AccessControl.DecideWithoutOrganization(User("bob"), Org, request);
        var notSelfAllowed = AccessControl.DecideWithoutOrganization(User("nia"), Org, request with { SelfAllowed = false });

        Assert.NotNull(self);
        Assert.True(self.IsAllowed);
        Assert.Null(other);
        Assert.Null(notSelfAllowed);
    }

    [Theory, Trait("Rule", "ADM-5")]
    [InlineData(AccessRule.Administrator)]
    [InlineData(AccessRule.Permission)]
    [InlineData(AccessRule.LegalRepresentative)]
    public void ADM5_other_user_requests_are_left_to_the_organization(AccessRule rule)
    {
        Assert.Null(AccessControl.DecideWithoutOrganization(User("ada"), Org, new AccessRequest(rule, AdminPermissions.MembersDelete)));
    }

    // ---- Decisions of the organization ----

    [Fact, Trait("Rule", "ORG-5")]
    public void ORG5_a_caller_outside_the_trusted_domains_is_denied_even_as_team_administrator()
    {
        var settings = OrganizationSettings.Default with { TrustedEmailDomains = ["istruzione.it"] };
        var access = Access(settings: settings);
        var outsider = User("ada", "ada@gmail.com");
        var insider = User("ada", "ada@istruzione.it");
        var legalOutsider = User("lee", "lee@gmail.com");

        Assert.Equal(AccessOutcome.Denied, access.Decide(outsider, AccessRequest.Requires(AdminPermissions.MembersDelete)).Outcome);
        Assert.Equal(AccessOutcome.Denied, access.Decide(outsider, AccessRequest.AnyAdministrator()).Outcome);
        Assert.Equal(AccessOutcome.Denied, access.Decide(legalOutsider, AccessRequest.LegalRepresentative()).Outcome);
        Assert.Equal(AccessOutcome.Denied,
            access.Decide(User("nia", "nia@gmail.com"), AccessRequest.Requires("documents.read") with { UnitIds = ["u1"] }).Outcome);
        Assert.Contains("ORG-5", access.Decide(outsider, AccessRequest.AnyAdministrator()).Reason, StringComparison.Ordinal);

        Assert.True(access.Decide(insider, AccessRequest.Requires(AdminPermissions.MembersDelete)).IsAllowed);
        Assert.True(access.Decide(insider, AccessRequest.AnyAdministrator()).IsAllowed);
        Assert.True(access.Decide(User("lee", "lee@istruzione.it"), AccessRequest.LegalRepresentative()).IsAllowed);
    }

    [Fact, Trait("Rule", "ORG-4")]
    public void ORG4_legal_representative_requests_are_reserved_to_legal_representatives()
    {
        var access = Access();

        Assert.True(access.Decide(User("lee"), AccessRequest.LegalRepresentative()).IsAllowed);
        Assert.Equal(AccessOutcome.Denied, access.Decide(User("sup"), AccessRequest.LegalRepresentative()).Outcome);
        Assert.Equal(AccessOutcome.Denied, access.Decide(User("ada"), AccessRequest.LegalRepresentative()).Outcome);
        Assert.Equal(AccessOutcome.Denied, access.Decide(User("nia"), AccessRequest.LegalRepresentative()).Outcome);
    }

    [Fact, Trait("Rule", "ADM-1")]
    public void ADM1_administrator_requests_are_reserved_to_active_administrators()
    {
        var access = Access();

        Assert.True(access.Decide(User("ada"), AccessRequest.AnyAdministrator()).IsAllowed);
        Assert.True(access.Decide(User("rex"), AccessRequest.AnyAdministrator()).IsAllowed);
        Assert.Equal(AccessOutcome.Denied, access.Decide(User("zed"), AccessRequest.AnyAdministrator()).Outcome);
        Assert.Equal(AccessOutcome.Denied, access.Decide(User("nia"), AccessRequest.AnyAdministrator()).Outcome);
        Assert.Equal(AccessOutcome.Denied, access.Decide(User("lee"), AccessRequest.AnyAdministrator()).Outcome);
    }

    [Theory, Trait("Rule", "ORG-1")]
    [InlineData(AccessRule.Anonymous)]
    [InlineData(AccessRule.Operator)]
    [InlineData(AccessRule.Member)]
    public void ORG1_rules_the_organization_does_not_decide_are_denied_there(AccessRule rule)
    {
        var verdict = Access().Decide(User("ada"), new AccessRequest(rule, AdminPermissions.MembersDelete));

        Assert.Equal(AccessOutcome.Denied, verdict.Outcome);
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_an_administrator_holds_the_admin_permissions_of_their_role()
    {
        var access = Access(Plan.Advanced);

        Assert.Equal(AllAdminPermissions, Sorted(access.AdminPermissionsOf("ada")));
        Assert.Equal(AdminPermissionsOfRole(AdminRoleMatrix.SupportAdmin), Sorted(access.AdminPermissionsOf("sam")));
        Assert.Equal(AdminPermissionsOfRole(AdminRoleMatrix.ReportsAdmin), Sorted(access.AdminPermissionsOf("rex")));
        Assert.Equal(AdminPermissionsOfRole(AdminRoleMatrix.ComplianceAdmin), Sorted(access.AdminPermissionsOf("cleo")));
        Assert.DoesNotContain(AdminPermissions.MembersDelete, access.AdminPermissionsOf("sam"));
        Assert.Contains(AdminPermissions.MembersResetPassword, access.AdminPermissionsOf("sam"));
        Assert.Empty(access.AdminPermissionsOf("nia"));
        Assert.Empty(access.AdminPermissionsOf("lee"));
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public void ROLE3_an_edited_admin_role_applies_at_once_and_only_its_admin_permissions_count()
    {
        var organization = new Organization();
        organization.Roles.SetPermissions(AdminRoleMatrix.SupportAdmin, [AdminPermissions.LicensesAdd, "documents.read"]);

        var held = organization.Access(Plan.Advanced).AdminPermissionsOf("sam");

        Assert.Equal([AdminPermissions.LicensesAdd], Sorted(held));
    }

    [Fact, Trait("Rule", "ADM-1")]
    public void ADM1_a_suspended_administrator_holds_nothing()
    {
        var organization = new Organization();
        organization.Administrators.Suspend("sam");
        var access = organization.Access(Plan.Enterprise, OrganizationSettings.Default with { TeamFolderDelegation = new TeamFolderDelegation(true, true) });

        Assert.Empty(access.AdminPermissionsOf("zed"));
        Assert.Empty(access.AdminPermissionsOf("sam"));
        Assert.Equal(AccessOutcome.Denied, access.Decide(User("zed"), AccessRequest.Requires(AdminPermissions.MembersDelete)).Outcome);
        Assert.Equal(AccessOutcome.Denied, access.Decide(User("sam"), AccessRequest.Requires(AdminPermissions.MembersResetPassword)).Outcome);
        Assert.Equal(AccessOutcome.DependsOnUnits,
            access.Decide(User("zed"), AccessRequest.Requires(AdminPermissions.MembersDelete) with { UnitIds = ["u1"] }).Outcome);
    }

    [Theory, Trait("Rule", "ADM-2")]
    [InlineData("ada")]
    [InlineData("sam")]
    [InlineData("umi")]
    [InlineData("rex")]
    [InlineData("cleo")]
    public void ADM2_on_standard_an_administrator_of_any_stored_role_holds_every_team_administrator_permission(string userId)
    {
        var access = Access(Plan.Standard, OrganizationSettings.Default with { TeamFolderDelegation = new TeamFolderDelegation(true, true) });

        Assert.Equal(AllAdminPermissions, Sorted(access.AdminPermissionsOf(userId)));
        Assert.True(access.Decide(User(userId), AccessRequest.Requires(AdminPermissions.AdminRolesCreateAssign)).IsAllowed);
        Assert.Empty(access.AdminPermissionsOf("zed"));
        Assert.Empty(access.AdminPermissionsOf("nia"));
    }

    [Theory, Trait("Rule", "ADM-4")]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void ADM4_on_enterprise_each_toggle_gives_team_folder_management_to_its_role(bool supportAdmins, bool userManagementAdmins)
    {
        var settings = OrganizationSettings.Default with { TeamFolderDelegation = new TeamFolderDelegation(supportAdmins, userManagementAdmins) };
        var access = Access(Plan.Enterprise, settings);

        var support = Sorted(access.AdminPermissionsOf("sam"));
        var userManagement = Sorted(access.AdminPermissionsOf("umi"));

        Assert.Equal(supportAdmins
            ? Sorted(AdminPermissionsOfRole(AdminRoleMatrix.SupportAdmin).Concat(TeamFolderPermissions))
            : AdminPermissionsOfRole(AdminRoleMatrix.SupportAdmin), support);
        Assert.Equal(userManagementAdmins
            ? Sorted(AdminPermissionsOfRole(AdminRoleMatrix.UserManagementAdmin).Concat(TeamFolderPermissions))
            : AdminPermissionsOfRole(AdminRoleMatrix.UserManagementAdmin), userManagement);
        Assert.Equal(AdminPermissionsOfRole(AdminRoleMatrix.ReportsAdmin), Sorted(access.AdminPermissionsOf("rex")));
        Assert.Equal(supportAdmins, access.Decide(User("sam"), AccessRequest.Requires(AdminPermissions.TeamFoldersManage)).IsAllowed);
        Assert.Equal(userManagementAdmins, access.Decide(User("umi"), AccessRequest.Requires(AdminPermissions.TeamFoldersCreateRemove)).IsAllowed);
    }

    [Fact, Trait("Rule", "ADM-4")]
    public void ADM4_the_toggles_grant_nothing_below_enterprise()
    {
        var settings = OrganizationSettings.Default with { TeamFolderDelegation = new TeamFolderDelegation(true, true) };
        var access = Access(Plan.Advanced, settings);

        Assert.Equal(AdminPermissionsOfRole(AdminRoleMatrix.SupportAdmin), Sorted(access.AdminPermissionsOf("sam")));
        Assert.Equal(AdminPermissionsOfRole(AdminRoleMatrix.UserManagementAdmin), Sorted(access.AdminPermissionsOf("umi")));
        Assert.DoesNotContain(AdminPermissions.TeamFoldersManage, access.AdminPermissionsOf("sam"));
        Assert.Equal(AccessOutcome.Denied, access.Decide(User("umi"), AccessRequest.Requires(AdminPermissions.TeamFoldersCreateRemove)).Outcome);
    }

    [Fact, Trait("Rule", "ASG-7")]
    public void ASG7_a_permission_held_organization_wide_allows_without_looking_at_units()
    {
        var access = Access();

        var anywhere = access.Decide(User("sam"), AccessRequest.Requires(AdminPermissions.MembersResetPassword));
        var inUnits = access.Decide(User("sam"), AccessRequest.Requires(AdminPermissions.MembersResetPassword) with { UnitIds = ["u1", "u2"] });

        Assert.Equal(AccessOutcome.Allowed, anywhere.Outcome);
        Assert.Equal(AccessOutcome.Allowed, inUnits.Outcome);
        Assert.Null(inUnits.UnitPermission);
    }

    [Fact, Trait("Rule", "ASG-7")]
    public void ASG7_a_permission_not_held_organization_wide_is_denied_without_units()
    {
        var access = Access();

        Assert.Equal(AccessOutcome.Denied, access.Decide(User("rex"), AccessRequest.Requires(AdminPermissions.MembersDelete)).Outcome);
        Assert.Equal(AccessOutcome.Denied, access.Decide(User("nia"), AccessRequest.Requires(AdminPermissions.MembersDelete)).Outcome);
        Assert.Equal(AccessOutcome.Denied, access.Decide(User("nia"), AccessRequest.Requires("documents.read")).Outcome);
    }

    [Theory, Trait("Rule", "ASG-7")]
    [InlineData("nia", AdminPermissions.MembersDelete)]
    [InlineData("rex", AdminPermissions.MembersDelete)]
    [InlineData("ada", "documents.read")]
    [InlineData("zed", AdminPermissions.MembersDelete)]
    public void ASG7_a_permission_not_held_organization_wide_depends_on_the_units_given(string userId, string permission)
    {
        var verdict = Access().Decide(User(userId), AccessRequest.Requires(permission) with { UnitIds = ["u1", "u2"] });

        Assert.Equal(AccessOutcome.DependsOnUnits, verdict.Outcome);
        Assert.Equal(permission, verdict.UnitPermission);
        Assert.False(verdict.IsAllowed);
    }

    [Fact, Trait("Rule", "ADM-5")]
    public void ADM5_over_an_administrator_the_administrator_permission_is_required()
    {
        var access = Access();
        var resetPassword = AccessRequest.Requires(AdminPermissions.MembersResetPassword) with
        {
            PermissionOverAdministrators = AdminPermissions.AdminsResetPassword,
        };

        var overMember = access.Decide(User("sam"), resetPassword with { SubjectUserId = "nia" });
        var overAdministrator = access.Decide(User("sam"), resetPassword with { SubjectUserId = "rex" });
        var overSuspendedAdministrator = access.Decide(User("sam"), resetPassword with { SubjectUserId = "zed" });
        var byTeamAdministrator = access.Decide(User("ada"), resetPassword with { SubjectUserId = "rex" });
        var withoutSubject = access.Decide(User("sam"), resetPassword);

        Assert.Equal(AccessOutcome.Allowed, overMember.Outcome);
        Assert.Equal(AccessOutcome.Denied, overAdministrator.Outcome);
        Assert.Contains(AdminPermissions.AdminsResetPassword, overAdministrator.Reason, StringComparison.Ordinal);
        Assert.Equal(AccessOutcome.Denied, overSuspendedAdministrator.Outcome);
        Assert.Equal(AccessOutcome.Allowed, byTeamAdministrator.Outcome);
        Assert.Equal(AccessOutcome.Allowed, withoutSubject.Outcome);
    }

    [Fact, Trait("Rule", "ADM-5")]
    public void ADM5_over_an_administrator_unit_permissions_do_not_help()
    {
        var access = Access();
        var request = AccessRequest.Requires(AdminPermissions.MembersResetPassword) with
        {
            PermissionOverAdministrators = AdminPermissions.AdminsResetPassword,
            UnitIds = ["u1"],
        };

        var overAdministrator = access.Decide(User("nia"), request with { SubjectUserId = "rex" });
        var overMember = access.Decide(User("nia"), request with { SubjectUserId = "bob" });

        Assert.Equal(AccessOutcome.Denied, overAdministrator.Outcome);
        Assert.Equal(AccessOutcome.DependsOnUnits, overMember.Outcome);
        Assert.Equal(AdminPermissions.MembersResetPassword, overMember.UnitPermission);
    }

    [Theory, Trait("Rule", "ADM-5")]
    [InlineData(AdminRoleMatrix.SupportAdmin)]
    [InlineData(AdminRoleMatrix.TeamAdmin)]
    [InlineData("dashboard-viewer")]
    public void ADM5_granting_a_role_with_admin_permissions_needs_the_admin_power_permission(string roleId)
    {
        var access = Access();
        var assign = AccessRequest.Requires(AdminPermissions.MembersInviteRemove) with
        {
            RoleIds = ["editor", roleId],
            AdminPowerPermission = AdminPermissions.AdminRolesCreateAssign,
        };

        var byUserManagement = access.Decide(User("umi"), assign);
        var byUserManagementInUnits = access.Decide(User("umi"), assign with { UnitIds = ["u1"] });
        var byMemberInUnits = access.Decide(User("nia"), assign with { UnitIds = ["u1"] });
        var byTeamAdministrator = access.Decide(User("ada"), assign);

        Assert.Equal(AccessOutcome.Denied, byUserManagement.Outcome);
        Assert.Contains("ADM-5", byUserManagement.Reason, StringComparison.Ordinal);
        Assert.Equal(AccessOutcome.Denied, byUserManagementInUnits.Outcome);
        Assert.Equal(AccessOutcome.Denied, byMemberInUnits.Outcome);
        Assert.Equal(AccessOutcome.Allowed, byTeamAdministrator.Outcome);
    }

    [Fact, Trait("Rule", "ADM-5")]
    public void ADM5_granting_roles_without_admin_permissions_needs_only_the_permission()
    {
        var access = Access();
        var assign = AccessRequest.Requires(AdminPermissions.MembersInviteRemove) with
        {
            RoleIds = ["editor", "deleted-role"],
            AdminPowerPermission = AdminPermissions.AdminRolesCreateAssign,
        };

        Assert.Equal(AccessOutcome.Allowed, access.Decide(User("umi"), assign).Outcome);
        Assert.Equal(AccessOutcome.DependsOnUnits, access.Decide(User("nia"), assign with { UnitIds = ["u1"] }).Outcome);
    }

    [Fact, Trait("Rule", "ADM-5")]
    public void ADM5_putting_admin_permissions_into_a_role_needs_the_admin_power_permission()
    {
        var access = Access();
        var edit = AccessRequest.Requires(AdminPermissions.RolesManage) with
        {
            RoleIds = ["editor"],
            AdminPowerPermission = AdminPermissions.AdminRolesCreateAssign,
        };
        var organization = new Organization();
        organization.Roles.SetPermissions(AdminRoleMatrix.SecurityAdmin, [AdminPermissions.RolesManage]);
        organization.Administrators.Add("sec", AdminRoleMatrix.SecurityAdmin, new Subscription(Plan.Advanced, []), organization.Roles, Now);
        var withRolesManage = organization.Access(Plan.Advanced);

        var applicationOnly = withRolesManage.Decide(User("sec"), edit with { PermissionIds = ["documents.read", "members.invite"] });
        var withAdmin = withRolesManage.Decide(User("sec"), edit with { PermissionIds = ["documents.read", AdminPermissions.DashboardView] });
        var byTeamAdministrator = access.Decide(User("ada"), edit with { PermissionIds = [AdminPermissions.DashboardView] });

        Assert.Equal(AccessOutcome.Allowed, applicationOnly.Outcome);
        Assert.Equal(AccessOutcome.Denied, withAdmin.Outcome);
        Assert.Equal(AccessOutcome.Allowed, byTeamAdministrator.Outcome);
    }

    [Fact, Trait("Rule", "ADM-5")]
    public void ADM5_without_an_admin_power_permission_admin_roles_are_not_checked_twice()
    {
        var access = Access();
        var request = AccessRequest.Requires(AdminPermissions.MembersInviteRemove) with
        {
            RoleIds = [AdminRoleMatrix.TeamAdmin],
            PermissionIds = [AdminPermissions.Impersonate],
        };

        Assert.Equal(AccessOutcome.Allowed, access.Decide(User("umi"), request).Outcome);
    }
}
