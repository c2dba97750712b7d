using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class AdministratorsTests
{
    private static DateTimeOffset Now => DomainFixtures.Now;

    private static readonly Subscription Standard = new(Plan.Standard, []);
    private static readonly Subscription Advanced = new(Plan.Advanced, []);
    private static readonly Subscription AdvancedWithDataGovernance = new(Plan.Advanced, [AddOn.DataGovernance]);
    private static readonly Subscription Enterprise = new(Plan.Enterprise, [AddOn.DataGovernance]);

    private static RoleCatalog Catalog() => RoleCatalog.WithPredefinedRoles(Now, [AddOn.DataGovernance]);

    private static Administrator[] Snapshot(Administrators administrators) => administrators.InUserOrder.ToArray();

    /// <summary>ada is the only team administrator; bob is a support administrator.</summary>
    private static (Administrators Administrators, RoleCatalog Roles) OneTeamAdministratorAndOneSupportAdministrator()
    {
        var roles = Catalog();
        var administrators = new Administrators();
        administrators.Add("ada", AdminRoleMatrix.TeamAdmin, Advanced, roles, Now);
        administrators.Add("bob", AdminRoleMatrix.SupportAdmin, Advanced, roles, Now.AddHours(1));
        return (administrators, roles);
    }

    [Fact, Trait("Rule", "ADM-1")]
    public void ADM1_adding_an_administrator_records_the_role_and_the_time_and_starts_active()
    {
        var roles = Catalog();
        var administrators = new Administrators();

        var added = administrators.Add("ada", AdminRoleMatrix.TeamAdmin, Advanced, roles, Now);
        administrators.Add("bob", AdminRoleMatrix.ReportsAdmin, Advanced, roles, Now.AddDays(1));
        administrators.Add("abe", AdminRoleMatrix.TeamAdmin, Advanced, roles, Now.AddDays(2));

        Assert.Equal(new Administrator("ada", AdminRoleMatrix.TeamAdmin, Suspended: false, Now), added);
        Assert.Equal(added, administrators.Find("ada"));
        Assert.True(administrators.IsAdministrator("bob"));
        Assert.False(administrators.IsAdministrator("zoe"));
        Assert.Null(administrators.Find("zoe"));
        Assert.Equal(["abe", "ada", "bob"], administrators.InUserOrder.Select(admin => admin.UserId));
    }

    [Fact, Trait("Rule", "ADM-6")]
    public void ADM6_administrators_may_be_suspended_resumed_demoted_and_removed_the_organization_decides_ADM1()
    {
        var (administrators, roles) = OneTeamAdministratorAndOneSupportAdministrator();

        Assert.True(administrators.Suspend("ada").Suspended);
        Assert.False(administrators.Resume("ada").Suspended);
        Assert.Equal(AdminRoleMatrix.BillingAdmin, administrators.ChangeRole("bob", AdminRoleMatrix.BillingAdmin, Advanced, roles).RoleId);
        administrators.Remove("bob");

        Assert.False(administrators.IsAdministrator("bob"));
        Assert.Equal(["ada"], administrators.InUserOrder.Select(admin => admin.UserId));
        Assert.Equal(DomainError.NotFound, Assert.Throws<DomainException>(() => administrators.Remove("bob")).Error);
    }

    [Fact, Trait("Rule", "ADM-6")]
    public void ADM6_a_copy_changes_apart_from_the_original()
    {
        var (administrators, _) = OneTeamAdministratorAndOneSupportAdministrator();

        var copy = administrators.Copy();
        copy.Remove("bob");

        Assert.True(administrators.IsAdministrator("bob"));
        Assert.False(copy.IsAdministrator("bob"));
    }

    [Fact, Trait("Rule", "ADM-1")]
    public void ADM1_an_organization_has_at_most_a_thousand_administrators()
    {
        var roles = Catalog();
        var administrators = new Administrators();
        for (var i = 0; i < Administrators.MaxAdministrators; i++)
        {
            administrators.Add($"user-{i:D4}", AdminRoleMatrix.TeamAdmin, Advanced, roles, Now);
        }

        var error = Assert.Throws<DomainException>(() => administrators.Add("one-more", AdminRoleMatrix.TeamAdmin, Advanced, roles, Now));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(Administrators.MaxAdministrators, administrators.ByUser.Count);
        Assert.False(administrators.IsAdministrator("one-more"));
    }

    [Theory, Trait("Rule", "ADM-2")]
    [InlineData(AdminRoleMatrix.UserManagementAdmin)]
    [InlineData(AdminRoleMatrix.SupportAdmin)]
    [InlineData(AdminRoleMatrix.BillingAdmin)]
    [InlineData(AdminRoleMatrix.ContentAdmin)]
    [InlineData(AdminRoleMatrix.ComplianceAdmin)]
    [InlineData(AdminRoleMatrix.ReportsAdmin)]
    [InlineData(AdminRoleMatrix.SecurityAdmin)]
    public void ADM2_on_the_standard_plan_only_the_team_administrator_role_is_admitted(string roleId)
    {
        var roles = Catalog();
        var administrators = new Administrators();
        var standard = new Subscription(Plan.Standard, [AddOn.DataGovernance]);
        administrators.Add("ada", AdminRoleMatrix.TeamAdmin, standard, roles, Now);
        administrators.Add("carl", AdminRoleMatrix.TeamAdmin, standard, roles, Now);
        var before = Snapshot(administrators);

        var add = Assert.Throws<DomainException>(() => administrators.Add("bob", roleId, standard, roles, Now));
        var change = Assert.Throws<DomainException>(() => administrators.ChangeRole("carl", roleId, standard, roles));

        Assert.Equal(DomainError.FailedPrecondition, add.Error);
        Assert.Contains("ADM-2", add.Message, StringComparison.Ordinal);
        Assert.Equal(DomainError.FailedPrecondition, change.Error);
        Assert.Equal(before, Snapshot(administrators));
        Assert.False(administrators.IsAdministrator("bob"));
    }

    [Theory, Trait("Rule", "ADM-2")]
    [InlineData(Plan.Advanced, AdminRoleMatrix.TeamAdmin)]
    [InlineData(Plan.Advanced, AdminRoleMatrix.UserManagementAdmin)]
    [InlineData(Plan.Advanced, AdminRoleMatrix.SupportAdmin)]
    [InlineData(Plan.Advanced, AdminRoleMatrix.BillingAdmin)]
    [InlineData(Plan.Advanced, AdminRoleMatrix.ContentAdmin)]
    [InlineData(Plan.Advanced, AdminRoleMatrix.ComplianceAdmin)]
    [InlineData(Plan.Advanced, AdminRoleMatrix.ReportsAdmin)]
    [InlineData(Plan.Advanced, AdminRoleMatrix.SecurityAdmin)]
    [InlineData(Plan.Enterprise, AdminRoleMatrix.TeamAdmin)]
    [InlineData(Plan.Enterprise, AdminRoleMatrix.UserManagementAdmin)]
    [InlineData(Plan.Enterprise, AdminRoleMatrix.SupportAdmin)]
    [InlineData(Plan.Enterprise, AdminRoleMatrix.BillingAdmin)]
    [InlineData(Plan.Enterprise, AdminRoleMatrix.ContentAdmin)]
    [InlineData(Plan.Enterprise, AdminRoleMatrix.ComplianceAdmin)]
    [InlineData(Plan.Enterprise, AdminRoleMatrix.ReportsAdmin)]
    [InlineData(Plan.Enterprise, AdminRoleMatrix.SecurityAdmin)]
    public void ADM2_on_advanced_and_enterprise_an_administrator_holds_any_of_the_eight_admin_roles(Plan plan, string roleId)
    {
        var roles = Catalog();
        var subscription = new Subscription(plan, [AddOn.DataGovernance]);
        var administrators = new Administrators();
        administrators.Add("ada", AdminRoleMatrix.TeamAdmin, subscription, roles, Now);
        administrators.Add("carl", AdminRoleMatrix.TeamAdmin, subscription, roles, Now);

        var added = administrators.Add("bob", roleId, subscription, roles, Now);
        var changed = administrators.ChangeRole("carl", roleId, subscription, roles);

        Assert.Equal(roleId, added.RoleId);
        Assert.Equal(roleId, administrators.Find("bob")!.RoleId);
        Assert.Equal(roleId, changed.RoleId);
        Assert.Equal(roleId, administrators.Find("carl")!.RoleId);
    }

    [Fact, Trait("Rule", "ADM-2")]
    public void ADM2_the_standard_plan_admits_team_administrators()
    {
        var roles = Catalog();
        var administrators = new Administrators();

        administrators.Add("ada", AdminRoleMatrix.TeamAdmin, Standard, roles, Now);
        administrators.Add("carl", AdminRoleMatrix.TeamAdmin, Standard, roles, Now);

        Assert.All(administrators.InUserOrder, admin => Assert.Equal(AdminRoleMatrix.TeamAdmin, admin.RoleId));
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_the_compliance_role_needs_the_data_governance_add_on()
    {
        var (administrators, roles) = OneTeamAdministratorAndOneSupportAdministrator();
        var before = Snapshot(administrators);

        var add = Assert.Throws<DomainException>(() => administrators.Add("cleo", AdminRoleMatrix.ComplianceAdmin, Advanced, roles, Now));
        var change = Assert.Throws<DomainException>(() => administrators.ChangeRole("bob", AdminRoleMatrix.ComplianceAdmin, Advanced, roles));

        Assert.Equal(DomainError.FailedPrecondition, add.Error);
        Assert.Contains("ADM-3", add.Message, StringComparison.Ordinal);
        Assert.Equal(DomainError.FailedPrecondition, change.Error);
        Assert.Equal(before, Snapshot(administrators));

        Assert.Equal(AdminRoleMatrix.ComplianceAdmin, administrators.Add("cleo", AdminRoleMatrix.ComplianceAdmin, AdvancedWithDataGovernance, roles, Now).RoleId);
        Assert.Equal(AdminRoleMatrix.ComplianceAdmin, administrators.ChangeRole("bob", AdminRoleMatrix.ComplianceAdmin, AdvancedWithDataGovernance, roles).RoleId);
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_an_admin_role_missing_from_the_catalog_is_not_found()
    {
        var roles = RoleCatalog.WithPredefinedRoles(Now, []);
        var administrators = new Administrators();
        administrators.Add("ada", AdminRoleMatrix.TeamAdmin, Advanced, roles, Now);
        var before = Snapshot(administrators);

        var error = Assert.Throws<DomainException>(() => administrators.Add("cleo", AdminRoleMatrix.ComplianceAdmin, AdvancedWithDataGovernance, roles, Now));

        Assert.Equal(DomainError.NotFound, error.Error);
        Assert.Equal(before, Snapshot(administrators));
    }

    [Theory, Trait("Rule", "ADM-3")]
    [InlineData("editor")]
    [InlineData("nobody")]
    [InlineData("Team-Admin")]
    [InlineData("")]
    public void ADM3_a_role_that_is_not_one_of_the_eight_admin_roles_is_an_invalid_argument(string roleId)
    {
        var (administrators, roles) = OneTeamAdministratorAndOneSupportAdministrator();
        roles.AddApplicationPermission("documents.read", "Read documents");
        roles.CreateRole("editor", "Editor", ["documents.read", AdminPermissions.DashboardView], Now);
        var before = Snapshot(administrators);

        var add = Assert.Throws<DomainException>(() => administrators.Add("cleo", roleId, Enterprise, roles, Now));
        var change = Assert.Throws<DomainException>(() => administrators.ChangeRole("bob", roleId, Enterprise, roles));

        Assert.Equal(DomainError.InvalidArgument, add.Error);
        Assert.Equal("role_id", add.Field);
        Assert.Equal(DomainError.InvalidArgument, change.Error);
        Assert.Equal("role_id", change.Field);
        Assert.Equal(before, Snapshot(administrators));
    }

    [Fact, Trait("Rule", "ADM-2")]
    public void ADM2_an_administrator_added_twice_already_exists_and_keeps_the_first_role()
    {
        var (administrators, roles) = OneTeamAdministratorAndOneSupportAdministrator();
        var before = Snapshot(administrators);

        var sameRole = Assert.Throws<DomainException>(() => administrators.Add("bob", AdminRoleMatrix.SupportAdmin, Advanced, roles, Now.AddDays(1)));
        var otherRole = Assert.Throws<DomainException>(() => administrators.Add("bob", AdminRoleMatrix.TeamAdmin, Advanced, roles, Now.AddDays(1)));

        Assert.Equal(DomainError.AlreadyExists, sameRole.Error);
        Assert.Equal(DomainError.AlreadyExists, otherRole.Error);
        Assert.Equal(before, Snapshot(administrators));
        Assert.Equal(new Administrator("bob", AdminRoleMatrix.SupportAdmin, Suspended: false, Now.AddHours(1)), administrators.Find("bob"));
    }

    [Fact, Trait("Rule", "ADM-6")]
    public void ADM6_changing_suspending_resuming_or_removing_a_user_who_is_not_an_administrator_is_not_found()
    {
        var (administrators, roles) = OneTeamAdministratorAndOneSupportAdministrator();
        var before = Snapshot(administrators);

        Assert.Equal(DomainError.NotFound, Assert.Throws<DomainException>(() => administrators.ChangeRole("zoe", AdminRoleMatrix.SupportAdmin, Advanced, roles)).Error);
        Assert.Equal(DomainError.NotFound, Assert.Throws<DomainException>(() => administrators.Suspend("zoe")).Error);
        Assert.Equal(DomainError.NotFound, Assert.Throws<DomainException>(() => administrators.Resume("zoe")).Error);
        Assert.Equal(DomainError.NotFound, Assert.Throws<DomainException>(() => administrators.Remove("zoe")).Error);

        Assert.Equal(before, Snapshot(administrators));
        Assert.False(administrators.IsAdministrator("zoe"));
    }

    [Fact, Trait("Rule", "ADM-6")]
    public void ADM6_removing_an_administrator_drops_only_their_admin_role()
    {
        var (administrators, roles) = OneTeamAdministratorAndOneSupportAdministrator();
        administrators.Add("carl", AdminRoleMatrix.ReportsAdmin, Advanced, roles, Now);

        administrators.Remove("bob");

        Assert.Null(administrators.Find("bob"));
        Assert.Equal(["ada", "carl"], administrators.InUserOrder.Select(admin => admin.UserId));
        Assert.Equal(AdminRoleMatrix.ReportsAdmin, administrators.Find("carl")!.RoleId);
        var again = administrators.Add("bob", AdminRoleMatrix.BillingAdmin, Advanced, roles, Now.AddDays(3));
        Assert.Equal(new Administrator("bob", AdminRoleMatrix.BillingAdmin, Suspended: false, Now.AddDays(3)), again);
    }

    [Fact, Trait("Rule", "ADM-6")]
    public void ADM6_changing_the_role_keeps_the_since_time_and_the_suspension()
    {
        var (administrators, roles) = OneTeamAdministratorAndOneSupportAdministrator();
        administrators.Suspend("bob");

        var changed = administrators.ChangeRole("bob", AdminRoleMatrix.ReportsAdmin, Advanced, roles);
        var resumed = administrators.Resume("bob");

        Assert.Equal(new Administrator("bob", AdminRoleMatrix.ReportsAdmin, Suspended: true, Now.AddHours(1)), changed);
        Assert.Equal(new Administrator("bob", AdminRoleMatrix.ReportsAdmin, Suspended: false, Now.AddHours(1)), resumed);
        Assert.Equal(resumed, administrators.Find("bob"));
    }
}
