using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class OrganizationSettingsTests
{
    private static readonly Subscription Enterprise = new(Plan.Enterprise, []);
    private static readonly Subscription Advanced = new(Plan.Advanced, [AddOn.DataGovernance]);

    private static OrganizationSettings Current => OrganizationSettings.Default;

    /// <summary>Every field different from <see cref="OrganizationSettings.Default"/>, and valid.</summary>
    private static readonly OrganizationSettings Proposed = new(
        EarlyAccessEnrolled: true, SsoEnabled: true, TrustedEmailDomains: ["example.org"], MinimumPasswordLength: 12,
        ExternalSharingAllowed: false, PaperEnabled: false, DeviceApprovalRequired: true, AllowedNetworks: ["10.0.0.0/8"],
        MemberSharedLinksAllowed: false, FileEditingApps: ["office"], DataRetentionDays: 30, SecurityAlertsEnabled: false,
        AutomaticClassificationEnabled: true, TeamFolderDelegation: new TeamFolderDelegation(SupportAdmins: true, UserManagementAdmins: true));

    /// <summary>The names of the fields that differ, arrays compared by content.</summary>
    private static string[] Differences(OrganizationSettings a, OrganizationSettings b)
    {
        var differences = new List<string>();
        void Compare<T>(string name, T left, T right)
        {
            if (!EqualityComparer<T>.Default.Equals(left, right))
            {
                differences.Add(name);
            }
        }

        void CompareList(string name, string[] left, string[] right)
        {
            if (!left.SequenceEqual(right, StringComparer.Ordinal))
            {
                differences.Add(name);
            }
        }

        Compare(nameof(a.EarlyAccessEnrolled), a.EarlyAccessEnrolled, b.EarlyAccessEnrolled);
        Compare(nameof(a.SsoEnabled), a.SsoEnabled, b.SsoEnabled);
        CompareList(nameof(a.TrustedEmailDomains), a.TrustedEmailDomains, b.TrustedEmailDomains);
        Compare(nameof(a.MinimumPasswordLength), a.MinimumPasswordLength, b.MinimumPasswordLength);
        Compare(nameof(a.ExternalSharingAllowed), a.ExternalSharingAllowed, b.ExternalSharingAllowed);
        Compare(nameof(a.PaperEnabled), a.PaperEnabled, b.PaperEnabled);
        Compare(nameof(a.DeviceApprovalRequired), a.DeviceApprovalRequired, b.DeviceApprovalRequired);
        CompareList(nameof(a.AllowedNetworks), a.AllowedNetworks, b.AllowedNetworks);
        Compare(nameof(a.MemberSharedLinksAllowed), a.MemberSharedLinksAllowed, b.MemberSharedLinksAllowed);
        CompareList(nameof(a.FileEditingApps), a.FileEditingApps, b.FileEditingApps);
        Compare(nameof(a.DataRetentionDays), a.DataRetentionDays, b.DataRetentionDays);
        Compare(nameof(a.SecurityAlertsEnabled), a.SecurityAlertsEnabled, b.SecurityAlertsEnabled);
        Compare(nameof(a.AutomaticClassificationEnabled), a.AutomaticClassificationEnabled, b.AutomaticClassificationEnabled);
        Compare(nameof(a.TeamFolderDelegation), a.TeamFolderDelegation, b.TeamFolderDelegation);
        return [.. differences];
    }

    private static DomainException Refused(OrganizationSettings proposed, string[] paths, Subscription? subscription = null, string? callerEmail = null)
    {
        var current = Current;
        var before = Differences(current, OrganizationSettings.Default);
        var error = Assert.Throws<DomainException>(() => current.With(proposed, paths, subscription ?? Enterprise, callerEmail));
        Assert.Equal(before, Differences(current, OrganizationSettings.Default));
        return error;
    }

    [Theory, Trait("Rule", "ADM-3")]
    [InlineData("early_access_enrolled", "admin.early_access.enroll")]
    [InlineData("authentication", "admin.authentication.manage")]
    [InlineData("external_sharing_allowed", "admin.sharing.manage")]
    [InlineData("paper_enabled", "admin.paper.manage")]
    [InlineData("device_approval_required", "admin.device_approvals.manage")]
    [InlineData("allowed_networks", "admin.network_control.manage")]
    [InlineData("member_shared_links_allowed", "admin.member_shared_links.manage")]
    [InlineData("file_editing_apps", "admin.file_editing_apps.manage")]
    [InlineData("data_retention_days", "admin.data_retention.manage")]
    [InlineData("security_alerts_enabled", "admin.security_alerts.manage")]
    [InlineData("automatic_classification_enabled", "admin.data_classification.manage")]
    public void ADM3_each_setting_is_changed_under_the_matrix_row_that_governs_it(string path, string permission)
    {
        Assert.Equal(permission, OrganizationSettings.PermissionFor(path));
        Assert.Contains(AdminRoleMatrix.Rows, row => row.PermissionId == permission);
        Assert.Contains(path, OrganizationSettings.Paths);
    }

    [Fact, Trait("Rule", "ADM-5")]
    public void ADM5_the_team_folder_delegation_is_reserved_to_those_who_assign_admin_roles()
    {
        Assert.Equal(AdminPermissions.AdminRolesCreateAssign, OrganizationSettings.PermissionFor("team_folder_delegation"));
        Assert.Equal(12, OrganizationSettings.Paths.Count);
        Assert.All(OrganizationSettings.Paths, path => Assert.True(AdminPermissions.IsAdmin(OrganizationSettings.PermissionFor(path))));
    }

    [Theory, Trait("Rule", "ADM-3")]
    [InlineData("nope")]
    [InlineData("")]
    [InlineData("Paper_Enabled")]
    [InlineData("trusted_email_domains")]
    [InlineData("authentication.sso_enabled")]
    public void ADM3_an_unknown_setting_path_is_an_invalid_update_mask(string path)
    {
        var permission = Assert.Throws<DomainException>(() => OrganizationSettings.PermissionFor(path));
        var update = Refused(Proposed, ["paper_enabled", path]);

        Assert.Equal(DomainError.InvalidArgument, permission.Error);
        Assert.Equal("update_mask", permission.Field);
        Assert.Equal(DomainError.InvalidArgument, update.Error);
        Assert.Equal("update_mask", update.Field);
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_an_empty_update_mask_is_refused()
    {
        var error = Refused(Proposed, []);

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("update_mask", error.Field);
    }

    [Theory, Trait("Rule", "ADM-3")]
    [InlineData("early_access_enrolled", "EarlyAccessEnrolled")]
    [InlineData("authentication", "SsoEnabled", "TrustedEmailDomains", "MinimumPasswordLength")]
    [InlineData("external_sharing_allowed", "ExternalSharingAllowed")]
    [InlineData("paper_enabled", "PaperEnabled")]
    [InlineData("device_approval_required", "DeviceApprovalRequired")]
    [InlineData("allowed_networks", "AllowedNetworks")]
    [InlineData("member_shared_links_allowed", "MemberSharedLinksAllowed")]
    [InlineData("file_editing_apps", "FileEditingApps")]
    [InlineData("data_retention_days", "DataRetentionDays")]
    [InlineData("security_alerts_enabled", "SecurityAlertsEnabled")]
    [InlineData("automatic_classification_enabled", "AutomaticClassificationEnabled")]
    [InlineData("team_folder_delegation", "TeamFolderDelegation")]
    public void ADM3_only_the_fields_named_by_the_update_mask_change(string path, params string[] fields)
    {
        var current = Current;

        var updated = current.With(Proposed, [path], Enterprise, "ada@example.org");

        Assert.Equal(fields, Differences(current, updated));
        Assert.Empty(Differences(updated, Proposed).Intersect(fields));
        Assert.Empty(Differences(current, OrganizationSettings.Default));
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_every_path_at_once_takes_every_field_and_a_repeated_path_counts_once()
    {
        var everything = Current.With(Proposed, [.. OrganizationSettings.Paths], Enterprise, "ada@example.org");
        var repeated = Current.With(Proposed, ["paper_enabled", "paper_enabled"], Enterprise, null);

        Assert.Empty(Differences(everything, Proposed));
        Assert.Equal(["PaperEnabled"], Differences(Current, repeated));
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_fields_outside_the_update_mask_are_not_validated()
    {
        var invalidElsewhere = Proposed with { DataRetentionDays = -5, MinimumPasswordLength = 3, AllowedNetworks = ["not a network"] };

        var updated = Current.With(invalidElsewhere, ["paper_enabled"], Enterprise, null);

        Assert.Equal(["PaperEnabled"], Differences(Current, updated));
        Assert.Equal(0, updated.DataRetentionDays);
    }

    [Fact, Trait("Rule", "ORG-5")]
    public void ORG5_trusted_domains_are_trimmed_lower_cased_sorted_and_distinct()
    {
        var proposed = Proposed with { TrustedEmailDomains = [" Scuola.Istruzione.IT ", "istruzione.it", "ISTRUZIONE.it"] };

        var updated = Current.With(proposed, ["authentication"], Enterprise, "ada@istruzione.it");

        Assert.Equal(["istruzione.it", "scuola.istruzione.it"], updated.TrustedEmailDomains);
        Assert.True(updated.SsoEnabled);
        Assert.Equal(12, updated.MinimumPasswordLength);
    }

    [Theory, Trait("Rule", "ORG-5")]
    [InlineData("localhost")]
    [InlineData("not a domain")]
    [InlineData("ada@example.org")]
    [InlineData("@example.org")]
    [InlineData("192.168.0.1")]
    [InlineData("")]
    [InlineData("example.org/path")]
    public void ORG5_a_malformed_trusted_domain_is_refused(string domain)
    {
        var error = Refused(Proposed with { TrustedEmailDomains = ["example.org", domain] }, ["authentication"], callerEmail: "ada@example.org");

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("settings.authentication.trusted_email_domains", error.Field);
    }

    [Fact, Trait("Rule", "ORG-5")]
    public void ORG5_at_most_a_hundred_trusted_domains()
    {
        var hundred = Enumerable.Range(0, OrganizationSettings.MaxListEntries).Select(i => $"d{i}.example.org").ToArray();

        var accepted = Current.With(Proposed with { TrustedEmailDomains = hundred }, ["authentication"], Enterprise, null);
        var error = Refused(Proposed with { TrustedEmailDomains = [.. hundred, "one-more.example.org"] }, ["authentication"]);

        Assert.Equal(OrganizationSettings.MaxListEntries, accepted.TrustedEmailDomains.Length);
        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("settings.authentication.trusted_email_domains", error.Field);
    }

    [Theory, Trait("Rule", "ORG-5")]
    [InlineData("ada@other.org")]
    [InlineData("ada@sub.example.org")]
    [InlineData("ada@example.org.evil.com")]
    public void ORG5_the_callers_own_email_domain_must_stay_trusted(string callerEmail)
    {
        var error = Refused(Proposed with { TrustedEmailDomains = ["example.org"] }, ["authentication"], callerEmail: callerEmail);

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Contains("ORG-5", error.Message, StringComparison.Ordinal);
    }

    [Theory, Trait("Rule", "ORG-5")]
    [InlineData("ada@example.org")]
    [InlineData("Ada@EXAMPLE.org")]
    [InlineData(null)]
    public void ORG5_a_caller_inside_the_trusted_domains_or_without_an_email_may_change_them(string? callerEmail)
    {
        var updated = Current.With(Proposed with { TrustedEmailDomains = ["example.org", "other.org"] }, ["authentication"], Enterprise, callerEmail);

        Assert.Equal(["example.org", "other.org"], updated.TrustedEmailDomains);
    }

    [Fact, Trait("Rule", "ORG-5")]
    public void ORG5_emptying_the_trusted_domains_trusts_every_caller()
    {
        var restricted = Current.With(Proposed with { TrustedEmailDomains = ["example.org"] }, ["authentication"], Enterprise, "ada@example.org");

        var open = restricted.With(Proposed with { TrustedEmailDomains = [] }, ["authentication"], Enterprise, "ada@example.org");

        Assert.Empty(open.TrustedEmailDomains);
        Assert.True(open.TrustsEmail("bob@anywhere.net"));
        Assert.False(restricted.TrustsEmail("bob@anywhere.net"));
    }

    [Theory, Trait("Rule", "ORG-5")]
    [InlineData("ada@istruzione.it", true)]
    [InlineData("ada@scuola.istruzione.it", true)]
    [InlineData("ADA@Scuola.Istruzione.IT", true)]
    [InlineData("ada@altro.istruzione.it", false)]
    [InlineData("ada@istruzione.it.example.com", false)]
    [InlineData("ada@notistruzione.it", false)]
    [InlineData("ada@gmail.com", false)]
    [InlineData(null, false)]
    public void ORG5_trusts_email_matches_the_whole_domain_case_insensitively(string? email, bool trusted)
    {
        var settings = OrganizationSettings.Default with { TrustedEmailDomains = ["istruzione.it", "scuola.istruzione.it"] };

        Assert.Equal(trusted, settings.TrustsEmail(email));
    }

    [Theory, Trait("Rule", "ORG-5")]
    [InlineData("ada@example.org")]
    [InlineData(null)]
    public void ORG5_without_trusted_domains_every_request_is_trusted(string? email)
    {
        Assert.True(OrganizationSettings.Default.TrustsEmail(email));
    }

    [Theory, Trait("Rule", "ADM-3")]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(128)]
    public void ADM3_the_minimum_password_length_is_8_to_128(int length)
    {
        var updated = Current.With(Proposed with { MinimumPasswordLength = length }, ["authentication"], Enterprise, null);

        Assert.Equal(length, updated.MinimumPasswordLength);
    }

    [Theory, Trait("Rule", "ADM-3")]
    [InlineData(7)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(129)]
    public void ADM3_a_minimum_password_length_outside_8_to_128_is_refused(int length)
    {
        var error = Refused(Proposed with { MinimumPasswordLength = length }, ["authentication"]);

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("settings.authentication.minimum_password_length", error.Field);
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_allowed_networks_are_cidr_blocks_normalized_sorted_and_distinct()
    {
        var proposed = Proposed with { AllowedNetworks = [" 192.168.1.0/24 ", "10.0.0.0/8", "2001:DB8::/32", "10.0.0.0/8"] };

        var updated = Current.With(proposed, ["allowed_networks"], Enterprise, null);

        Assert.Equal(["10.0.0.0/8", "192.168.1.0/24", "2001:db8::/32"], updated.AllowedNetworks);
    }

    [Theory, Trait("Rule", "ADM-3")]
    [InlineData("not-a-network")]
    [InlineData("10.0.0.0/33")]
    [InlineData("2001:db8::/129")]
    [InlineData("300.0.0.0/8")]
    [InlineData("10.0.0.1/8")]
    [InlineData("")]
    public void ADM3_a_malformed_network_is_refused(string network)
    {
        var error = Refused(Proposed with { AllowedNetworks = ["10.0.0.0/8", network] }, ["allowed_networks"]);

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("settings.allowed_networks", error.Field);
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_at_most_a_hundred_networks()
    {
        var tooMany = Enumerable.Range(0, OrganizationSettings.MaxListEntries + 1).Select(i => $"10.0.{i}.0/24").ToArray();

        var error = Refused(Proposed with { AllowedNetworks = tooMany }, ["allowed_networks"]);

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("settings.allowed_networks", error.Field);
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_file_editing_apps_are_ids_sorted_and_distinct()
    {
        var updated = Current.With(Proposed with { FileEditingApps = ["word", " excel ", "word", "Pages-2"] }, ["file_editing_apps"], Enterprise, null);

        Assert.Equal(["Pages-2", "excel", "word"], updated.FileEditingApps);
    }

    [Theory, Trait("Rule", "ADM-3")]
    [InlineData("bad/app")]
    [InlineData("-leading-dash")]
    [InlineData("a b")]
    [InlineData("")]
    public void ADM3_a_malformed_file_editing_app_is_refused(string app)
    {
        var error = Refused(Proposed with { FileEditingApps = ["word", app] }, ["file_editing_apps"]);

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("settings.file_editing_apps", error.Field);
    }

    [Theory, Trait("Rule", "ADM-3")]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3650)]
    public void ADM3_data_retention_is_0_to_3650_days(int days)
    {
        var updated = Current.With(Proposed with { DataRetentionDays = days }, ["data_retention_days"], Enterprise, null);

        Assert.Equal(days, updated.DataRetentionDays);
    }

    [Theory, Trait("Rule", "ADM-3")]
    [InlineData(-1)]
    [InlineData(3651)]
    [InlineData(int.MaxValue)]
    public void ADM3_data_retention_outside_0_to_3650_days_is_refused(int days)
    {
        var error = Refused(Proposed with { DataRetentionDays = days }, ["data_retention_days"]);

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("settings.data_retention_days", error.Field);
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_one_invalid_field_refuses_the_whole_update()
    {
        var error = Refused(Proposed with { DataRetentionDays = 5000 }, ["paper_enabled", "data_retention_days", "security_alerts_enabled"]);

        Assert.Equal("settings.data_retention_days", error.Field);
        Assert.True(Current.PaperEnabled);
    }

    [Theory, Trait("Rule", "ADM-4")]
    [InlineData(Plan.Standard, true, false)]
    [InlineData(Plan.Advanced, false, true)]
    [InlineData(Plan.Advanced, true, true)]
    public void ADM4_team_folder_delegation_needs_the_enterprise_plan(Plan plan, bool supportAdmins, bool userManagementAdmins)
    {
        var proposed = Proposed with { TeamFolderDelegation = new TeamFolderDelegation(supportAdmins, userManagementAdmins) };

        var error = Refused(proposed, ["team_folder_delegation"], new Subscription(plan, [AddOn.DataGovernance]));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Contains("ADM-4", error.Message, StringComparison.Ordinal);
    }

    [Fact, Trait("Rule", "ADM-4")]
    public void ADM4_without_enterprise_the_delegation_can_still_be_switched_off()
    {
        var delegated = Current with { TeamFolderDelegation = new TeamFolderDelegation(true, true) };

        var off = delegated.With(Proposed with { TeamFolderDelegation = TeamFolderDelegation.None }, ["team_folder_delegation"], Advanced, null);

        Assert.Equal(TeamFolderDelegation.None, off.TeamFolderDelegation);
    }

    [Theory, Trait("Rule", "ADM-4")]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void ADM4_on_enterprise_each_toggle_is_set_on_its_own(bool supportAdmins, bool userManagementAdmins)
    {
        var delegation = new TeamFolderDelegation(supportAdmins, userManagementAdmins);

        var updated = Current.With(Proposed with { TeamFolderDelegation = delegation }, ["team_folder_delegation"], Enterprise, null);

        Assert.Equal(delegation, updated.TeamFolderDelegation);
        Assert.Equal(supportAdmins, updated.TeamFolderDelegation.Grants(AdminRoleMatrix.SupportAdmin));
        Assert.Equal(userManagementAdmins, updated.TeamFolderDelegation.Grants(AdminRoleMatrix.UserManagementAdmin));
    }

    [Theory, Trait("Rule", "ADM-4")]
    [InlineData(AdminRoleMatrix.TeamAdmin)]
    [InlineData(AdminRoleMatrix.BillingAdmin)]
    [InlineData(AdminRoleMatrix.ContentAdmin)]
    [InlineData(AdminRoleMatrix.ComplianceAdmin)]
    [InlineData(AdminRoleMatrix.ReportsAdmin)]
    [InlineData(AdminRoleMatrix.SecurityAdmin)]
    [InlineData("editor")]
    public void ADM4_the_delegation_grants_only_support_and_user_management_administrators(string roleId)
    {
        var both = new TeamFolderDelegation(SupportAdmins: true, UserManagementAdmins: true);

        Assert.False(both.Grants(roleId));
        Assert.False(TeamFolderDelegation.None.Grants(AdminRoleMatrix.SupportAdmin));
        Assert.False(TeamFolderDelegation.None.Grants(AdminRoleMatrix.UserManagementAdmin));
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_the_default_settings_are_open_and_valid()
    {
        var settings = OrganizationSettings.Default;

        Assert.False(settings.SsoEnabled);
        Assert.Empty(settings.TrustedEmailDomains);
        Assert.InRange(settings.MinimumPasswordLength, OrganizationSettings.MinPasswordLength, OrganizationSettings.MaxPasswordLength);
        Assert.Equal(0, settings.DataRetentionDays);
        Assert.Equal(TeamFolderDelegation.None, settings.TeamFolderDelegation);
        Assert.Empty(Differences(settings, settings.With(settings, [.. OrganizationSettings.Paths], Enterprise, "ada@example.org")));
    }
}
