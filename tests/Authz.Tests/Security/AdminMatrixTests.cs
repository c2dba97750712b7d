using Authz.Api.V1;
using Authz.Grains.Domain;
using OrganizationSettings = Authz.Api.V1.OrganizationSettings;
using TeamFolderDelegation = Authz.Api.V1.TeamFolderDelegation;
using AdminPermissions = Authz.Grains.Domain.AdminPermissions;
using Plan = Authz.Api.V1.Plan;
using AddOn = Authz.Api.V1.AddOn;
using Authz.Tests.Api;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Authz.Tests.Security;

/// <summary>
/// ADM-3 end to end: each of the eight admin roles, signed in, calls the RPC of each matrix row, and is allowed
/// or refused exactly as the seed's table says. ADM-2 (plan gating) and ADM-4 (the No* toggles) likewise.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AdminMatrixTests(GatewayFixture gateway)
{
    private delegate Task RowCall(TestOrganization organization, ApiClients admin, string tag);

    /// <summary>The RPC that exercises each matrix row. Rows whose RPC comes with a later capability are listed in <see cref="RowsWithoutRpc"/>.</summary>
    private static readonly Dictionary<string, RowCall> RowCalls = new()
    {
        ["admin.early_access.enroll"] = (o, a, _) => UpdateSettingAsync(o, a, "early_access_enrolled", new OrganizationSettings { EarlyAccessEnrolled = true }),
        ["admin.authentication.manage"] = (o, a, _) => UpdateSettingAsync(o, a, "authentication",
            new OrganizationSettings { Authentication = new AuthenticationSettings { MinimumPasswordLength = 12, TrustedEmailDomains = { "example.org" } } }),
        ["admin.third_party_apps.link"] = async (o, a, t) => await a.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { OrganizationIds = { o.Id }, DisplayName = $"Platform {t}" }),
        ["admin.sharing.manage"] = (o, a, _) => UpdateSettingAsync(o, a, "external_sharing_allowed", new OrganizationSettings()),
        ["admin.paper.manage"] = (o, a, _) => UpdateSettingAsync(o, a, "paper_enabled", new OrganizationSettings()),
        ["admin.device_approvals.manage"] = (o, a, _) => UpdateSettingAsync(o, a, "device_approval_required", new OrganizationSettings { DeviceApprovalRequired = true }),
        ["admin.network_control.manage"] = (o, a, _) => UpdateSettingAsync(o, a, "allowed_networks", new OrganizationSettings { AllowedNetworks = { "10.0.0.0/8" } }),
        ["admin.member_shared_links.manage"] = (o, a, _) => UpdateSettingAsync(o, a, "member_shared_links_allowed", new OrganizationSettings()),
        ["admin.file_editing_apps.manage"] = (o, a, _) => UpdateSettingAsync(o, a, "file_editing_apps", new OrganizationSettings { FileEditingApps = { "office" } }),
        ["admin.data_retention.manage"] = (o, a, _) => UpdateSettingAsync(o, a, "data_retention_days", new OrganizationSettings { DataRetentionDays = 90 }),
        ["admin.security_alerts.manage"] = (o, a, _) => UpdateSettingAsync(o, a, "security_alerts_enabled", new OrganizationSettings()),
        ["admin.data_classification.manage"] = (o, a, _) => UpdateSettingAsync(o, a, "automatic_classification_enabled", new OrganizationSettings { AutomaticClassificationEnabled = true }),
        ["admin.users.impersonate"] = async (o, a, t) =>
        {
            await o.MemberAsync($"imp-{t}");
            await a.Sessions.ImpersonateAsync(new ImpersonateRequest { OrganizationId = o.Id, UserId = $"imp-{t}" });
        },
        ["admin.members.invite_remove"] = async (o, a, t) => await a.Users.CreateUserAsync(new CreateUserRequest
        {
            OrganizationId = o.Id, UserId = $"new-{t}", Email = $"new-{t}@example.org", GivenName = "New", FamilyName = "Member",
        }),
        ["admin.invite_reminders.send"] = async (o, a, t) =>
        {
            await o.UserAsync($"invited-{t}");
            await a.Users.ResendActivationAsync(new ResendActivationRequest { OrganizationId = o.Id, UserId = $"invited-{t}" });
        },
        ["admin.members.delete"] = async (o, a, t) =>
        {
            await o.UserAsync($"leaving-{t}");
            await a.Users.DeleteUserAsync(new DeleteUserRequest { OrganizationId = o.Id, UserId = $"leaving-{t}" });
        },
        ["admin.members.reset_password"] = async (o, a, t) =>
        {
            await o.MemberAsync($"forgetful-{t}");
            await a.Users.ResetPasswordAsync(new ResetPasswordRequest { OrganizationId = o.Id, UserId = $"forgetful-{t}" });
        },
        ["admin.members.end_web_sessions"] = async (o, a, t) =>
        {
            await o.UserAsync($"session-{t}");
            await a.Users.EndSessionsAsync(new EndSessionsRequest { OrganizationId = o.Id, UserId = $"session-{t}" });
        },
        ["admin.admins.end_web_sessions"] = async (o, a, t) =>
        {
            await AdministratorAsync(o, $"admin-session-{t}", activate: false);
            await a.Users.EndSessionsAsync(new EndSessionsRequest { OrganizationId = o.Id, UserId = $"admin-session-{t}" });
        },
        ["admin.admin_roles.create_assign"] = async (o, a, t) =>
        {
            await o.UserAsync($"promoted-{t}");
            await a.Administrators.AddAdministratorAsync(new AddAdministratorRequest { OrganizationId = o.Id, UserId = $"promoted-{t}", RoleId = "reports-admin" });
        },
        ["admin.admin_roles.suspend_remove"] = async (o, a, t) =>
        {
            await AdministratorAsync(o, $"demoted-{t}", activate: false);
            await a.Administrators.SuspendAdministratorAsync(new SuspendAdministratorRequest { OrganizationId = o.Id, UserId = $"demoted-{t}" });
        },
        ["admin.admins.reset_password"] = async (o, a, t) =>
        {
            await AdministratorAsync(o, $"admin-reset-{t}", activate: true);
            await a.Users.ResetPasswordAsync(new ResetPasswordRequest { OrganizationId = o.Id, UserId = $"admin-reset-{t}" });
        },
        ["admin.team_folders.create_remove"] = async (o, a, t) =>
            await a.TeamFolders.CreateTeamFolderAsync(new CreateTeamFolderRequest { OrganizationId = o.Id, FolderId = $"tf-{t}", Name = $"Folder {t}" }),
        ["admin.team_folders.manage"] = async (o, a, t) =>
        {
            await o.Gateway.Operator.TeamFolders.CreateTeamFolderAsync(new CreateTeamFolderRequest { OrganizationId = o.Id, FolderId = $"old-{t}", Name = $"Old {t}" });
            await a.TeamFolders.ArchiveTeamFolderAsync(new ArchiveTeamFolderRequest { OrganizationId = o.Id, FolderId = $"old-{t}", Archived = true });
        },
        ["admin.legal_holds.manage"] = async (o, a, t) =>
        {
            await o.UserAsync($"held-{t}");
            await a.LegalHolds.PlaceLegalHoldAsync(new PlaceLegalHoldRequest { OrganizationId = o.Id, Name = $"Case {t}", UserIds = { $"held-{t}" } });
        },
        ["admin.domain_invites.send"] = async (o, a, t) => await a.Users.SendDomainInvitationsAsync(new SendDomainInvitationsRequest
        {
            OrganizationId = o.Id, Invitees = { new Invitee { Email = $"invitee-{t}@example.org", GivenName = "In", FamilyName = "Vitee" } },
        }),
        ["admin.members.change_email"] = async (o, a, t) =>
        {
            await o.UserAsync($"renamed-{t}");
            await a.Users.ChangeUserEmailAsync(new ChangeUserEmailRequest { OrganizationId = o.Id, UserId = $"renamed-{t}", Email = $"renamed-{t}@example.net" });
        },
        ["admin.accounts.transfer"] = async (o, a, t) =>
        {
            await o.UserAsync($"from-{t}");
            await o.UserAsync($"to-{t}");
            await o.AssignAsync($"from-{t}", "u1", "reader");
            await a.Users.TransferAccountAsync(new TransferAccountRequest { OrganizationId = o.Id, FromUserId = $"from-{t}", ToUserId = $"to-{t}" });
        },
        ["admin.activity_reports.view"] = async (o, a, _) => await a.Reports.GetActivityReportAsync(new GetActivityReportRequest { OrganizationId = o.Id }),
        ["admin.dashboard.view"] = async (o, a, _) => await a.Reports.GetDashboardAsync(new GetDashboardRequest { OrganizationId = o.Id }),
        ["admin.licenses.add"] = async (o, a, _) => await a.Billing.AddLicensesAsync(new AddLicensesRequest { OrganizationId = o.Id, Count = 5 }),
        ["admin.billing.view"] = async (o, a, _) => await a.Billing.GetBillingAsync(new GetBillingRequest { OrganizationId = o.Id }),
        ["admin.support_contacts.access"] = async (o, a, _) => await a.Billing.GetSupportContactsAsync(new GetSupportContactsRequest { OrganizationId = o.Id }),
        ["admin.members_tab.view"] = async (o, a, _) => await a.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = o.Id }),
        ["admin.member_profiles.view"] = async (o, a, _) => await a.Users.GetUserAsync(new GetUserRequest { OrganizationId = o.Id, UserId = TestOrganization.FirstAdministrator }),
        ["admin.company_activity.view"] = async (o, a, _) => await a.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { OrganizationId = o.Id }),
        ["admin.user_activity_logs.view"] = async (o, a, _) =>
            await a.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { OrganizationId = o.Id, UserId = TestOrganization.FirstAdministrator }),
    };

    /// <summary>Rows whose RPC belongs to a capability not built yet (groups); GetAdminPermissions still proves their cells.</summary>
    private static readonly string[] RowsWithoutRpc = ["admin.company_groups.create", "admin.group_members.configure"];

    [Fact, Trait("Rule", "ADM-3")]
    public void Every_matrix_row_has_an_rpc_or_is_listed_as_waiting_for_one()
    {
        Assert.Equal(
            AdminRoleMatrix.Rows.Select(row => row.PermissionId).Order(StringComparer.Ordinal),
            RowCalls.Keys.Concat(RowsWithoutRpc).Order(StringComparer.Ordinal));
    }

    [Fact, Trait("Rule", "ADM-3"), Trait("Rule", "ADM-5"), Trait("Rule", "ADM-7")]
    public async Task ADM3_each_admin_role_may_call_exactly_the_rpcs_of_its_matrix_rows()
    {
        var organization = await TestOrganization.CreateAsync(gateway, Structure.Hierarchical, Plan.Enterprise, AddOn.DataGovernance);
        await organization.UnitAsync("u1");
        await organization.PermissionAsync("docs.read");
        await organization.RoleAsync("reader", "docs.read");
        await UpdateSettingAsync(organization, gateway.Operator, "authentication",
            new OrganizationSettings { Authentication = new AuthenticationSettings { MinimumPasswordLength = 10, TrustedEmailDomains = { "example.org" } } });
        var failures = new List<string>();
        for (var column = 0; column < AdminRoleMatrix.RoleIds.Count; column++)
        {
            var roleId = AdminRoleMatrix.RoleIds[column];
            var admin = await organization.MemberAsync($"as-{roleId}", roleId);
            foreach (var row in AdminRoleMatrix.Rows.Where(row => RowCalls.ContainsKey(row.PermissionId)))
            {
                var allowed = row.Cells[column] == MatrixCell.Granted;
                var status = await Rpc.StatusAsync(() => RowCalls[row.PermissionId](organization, admin, $"{column}-{row.PermissionId.Replace('.', '-')}"));
                if (status != (allowed ? StatusCode.OK : StatusCode.PermissionDenied))
                {
                    failures.Add($"{roleId} / {row.PermissionId}: expected {(allowed ? "OK" : "PERMISSION_DENIED")}, got {status}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact, Trait("Rule", "ADM-3"), Trait("Rule", "ADM-4")]
    public async Task ADM3_ADM4_each_admin_role_holds_exactly_its_matrix_column_and_the_No_star_cells_follow_the_enterprise_toggle()
    {
        var organization = await TestOrganization.CreateAsync(gateway, Structure.Flat, Plan.Enterprise, AddOn.DataGovernance);
        foreach (var roleId in AdminRoleMatrix.RoleIds.Skip(1))
        {
            await AdministratorAsync(organization, $"as-{roleId}", activate: false, roleId);
        }

        async Task AssertColumnsAsync(bool toggledOn)
        {
            for (var column = 0; column < AdminRoleMatrix.RoleIds.Count; column++)
            {
                var roleId = AdminRoleMatrix.RoleIds[column];
                var userId = column == 0 ? TestOrganization.FirstAdministrator : $"as-{roleId}";
                var held = (await gateway.Operator.Administrators.GetAdminPermissionsAsync(new GetAdminPermissionsRequest { OrganizationId = organization.Id, UserId = userId }))
                    .PermissionIds.Where(id => AdminRoleMatrix.Rows.Any(row => row.PermissionId == id));
                var expected = AdminRoleMatrix.Rows
                    .Where(row => row.Cells[column] == MatrixCell.Granted || (toggledOn && row.Cells[column] == MatrixCell.DeniedUnlessEnterpriseToggle))
                    .Select(row => row.PermissionId);
                Assert.Equal(expected, held);
            }
        }

        await AssertColumnsAsync(toggledOn: false);
        await gateway.Organizations.UpdateSettingsAsync(new UpdateSettingsRequest
        {
            OrganizationId = organization.Id,
            Settings = new OrganizationSettings { TeamFolderDelegation = new TeamFolderDelegation { SupportAdmins = true, UserManagementAdmins = true } },
            UpdateMask = new FieldMask { Paths = { "team_folder_delegation" } },
        });
        await AssertColumnsAsync(toggledOn: true);
    }

    [Fact, Trait("Rule", "ADM-4")]
    public async Task ADM4_the_team_folder_toggles_need_the_enterprise_plan_and_a_team_administrator()
    {
        var advanced = await TestOrganization.CreateAsync(gateway, Structure.Flat, Plan.Advanced);
        var enterprise = await TestOrganization.CreateAsync(gateway, Structure.Flat, Plan.Enterprise);
        var security = await enterprise.MemberAsync("sec", "security-admin");
        var toggles = new OrganizationSettings { TeamFolderDelegation = new TeamFolderDelegation { SupportAdmins = true } };

        var notEnterprise = await Rpc.StatusAsync(() => UpdateSettingAsync(advanced, gateway.Operator, "team_folder_delegation", toggles));
        var notTeamAdmin = await Rpc.StatusAsync(() => UpdateSettingAsync(enterprise, security, "team_folder_delegation", toggles));

        Assert.Equal(StatusCode.FailedPrecondition, notEnterprise);
        Assert.Equal(StatusCode.PermissionDenied, notTeamAdmin);
    }

    [Fact, Trait("Rule", "ADM-4")]
    public async Task ADM4_with_the_toggle_on_a_support_administrator_manages_team_folders()
    {
        var organization = await TestOrganization.CreateAsync(gateway, Structure.Flat, Plan.Enterprise);
        var support = await organization.MemberAsync("sup", "support-admin");
        var create = new CreateTeamFolderRequest { OrganizationId = organization.Id, FolderId = "legal", Name = "Legal" };

        var before = await Rpc.StatusAsync(() => support.TeamFolders.CreateTeamFolderAsync(create).ResponseAsync);
        await UpdateSettingAsync(organization, gateway.Operator, "team_folder_delegation",
            new OrganizationSettings { TeamFolderDelegation = new TeamFolderDelegation { SupportAdmins = true } });
        var after = await Rpc.StatusAsync(() => support.TeamFolders.CreateTeamFolderAsync(create).ResponseAsync);
        var archived = await support.TeamFolders.ArchiveTeamFolderAsync(new ArchiveTeamFolderRequest { OrganizationId = organization.Id, FolderId = "legal", Archived = true });

        Assert.Equal(StatusCode.PermissionDenied, before);
        Assert.Equal(StatusCode.OK, after);
        Assert.True(archived.Archived);
    }

    [Fact, Trait("Rule", "ADM-2")]
    public async Task ADM2_on_standard_every_administrator_is_a_team_administrator()
    {
        var organization = await TestOrganization.CreateAsync(gateway, Structure.Flat, Plan.Standard);
        await organization.UserAsync("ada");

        var limitedRole = await Rpc.StatusAsync(() => gateway.Operator.Administrators.AddAdministratorAsync(
            new AddAdministratorRequest { OrganizationId = organization.Id, UserId = "ada", RoleId = "support-admin" }).ResponseAsync);
        await gateway.Operator.Administrators.AddAdministratorAsync(new AddAdministratorRequest { OrganizationId = organization.Id, UserId = "ada", RoleId = "team-admin" });
        var held = await gateway.Operator.Administrators.GetAdminPermissionsAsync(new GetAdminPermissionsRequest { OrganizationId = organization.Id, UserId = "ada" });

        Assert.Equal(StatusCode.FailedPrecondition, limitedRole);
        Assert.Equal(AdminPermissions.All.Select(permission => permission.Id), held.PermissionIds);
    }

    [Fact, Trait("Rule", "ADM-3")]
    public async Task ADM3_the_compliance_admin_role_needs_the_data_governance_add_on()
    {
        var without = await TestOrganization.CreateAsync(gateway, Structure.Flat, Plan.Enterprise);
        var with = await TestOrganization.CreateAsync(gateway, Structure.Flat, Plan.Enterprise, AddOn.DataGovernance);
        await without.UserAsync("ada");
        await with.UserAsync("ada");

        var refused = await Rpc.StatusAsync(() => gateway.Operator.Administrators.AddAdministratorAsync(
            new AddAdministratorRequest { OrganizationId = without.Id, UserId = "ada", RoleId = "compliance-admin" }).ResponseAsync);
        var allowed = await Rpc.StatusAsync(() => gateway.Operator.Administrators.AddAdministratorAsync(
            new AddAdministratorRequest { OrganizationId = with.Id, UserId = "ada", RoleId = "compliance-admin" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused);
        Assert.Equal(StatusCode.OK, allowed);
    }


    private static async Task UpdateSettingAsync(TestOrganization organization, ApiClients admin, string path, OrganizationSettings settings) =>
        await admin.Organizations.UpdateSettingsAsync(new UpdateSettingsRequest
        {
            OrganizationId = organization.Id, Settings = settings, UpdateMask = new FieldMask { Paths = { path } },
        });

    private static async Task AdministratorAsync(TestOrganization organization, string userId, bool activate, string roleId = "support-admin")
    {
        await organization.UserAsync(userId);
        if (activate)
        {
            await organization.ActivateAsync(userId);
        }

        await organization.Gateway.Operator.Administrators.AddAdministratorAsync(
            new AddAdministratorRequest { OrganizationId = organization.Id, UserId = userId, RoleId = roleId });
    }
}
