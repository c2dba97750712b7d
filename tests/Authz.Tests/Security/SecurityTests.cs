using Authz.Api.V1;
using Authz.Tests.Api;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MessageKind = Authz.Grains.Domain.MessageKind;

namespace Authz.Tests.Security;

/// <summary>Accounts, administrators, officers, trusted domains, API keys, impersonation and the audit log over the real API.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SecurityTests(GatewayFixture gateway)
{
    private ApiClients Operator => gateway.Operator;

    // ------------------------------------------------------------ accounts (USR-1..4, USR-6, USR-7)

    [Fact, Trait("Rule", "USR-1"), Trait("Rule", "USR-2"), Trait("Rule", "USR-4")]
    public async Task USR2_USR4_the_activation_link_sets_the_password_activates_and_sends_a_confirmation()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var created = await organization.UserAsync("ada");
        var link = CapturedMail.Link(await gateway.Mail.LatestAsync(TestOrganization.Email("ada"), MessageKind.Activation));

        var redeemed = await gateway.Anonymous.Sessions.RedeemLinkAsync(new RedeemLinkRequest
        {
            OrganizationId = organization.Id, UserId = "ada", Token = link.Token, Password = TestOrganization.Password,
        });
        var confirmation = await gateway.Mail.LatestAsync(TestOrganization.Email("ada"), MessageKind.ActivationConfirmation);
        var user = await Operator.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = "ada" });
        var signedIn = await organization.SignInAsync("ada");

        Assert.Equal(UserState.NotActivated, created.State);
        Assert.Equal((organization.Id, "ada"), (link.OrganizationId, link.UserId));
        Assert.True(Convert.FromBase64String(Base64(link.Token)).Length >= 16);
        Assert.Equal("activation", redeemed.Purpose);
        Assert.Equal("Your account is active", confirmation.Subject);
        Assert.Equal(UserState.Active, user.State);
        Assert.NotNull(user.ActivateTime);
        Assert.Equal("ada", (await signedIn.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = "ada" })).UserId);
    }

    [Fact, Trait("Rule", "USR-3")]
    public async Task USR3_a_link_works_once_and_a_resent_link_kills_the_previous_one()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UserAsync("ada");
        var first = CapturedMail.Link(await gateway.Mail.LatestAsync(TestOrganization.Email("ada"), MessageKind.Activation));

        await Operator.Users.ResendActivationAsync(new ResendActivationRequest { OrganizationId = organization.Id, UserId = "ada" });
        var second = CapturedMail.Link(await gateway.Mail.LatestAsync(TestOrganization.Email("ada"), MessageKind.ActivationReminder));
        var oldLink = await Rpc.StatusAsync(() => RedeemAsync(organization, "ada", first.Token, TestOrganization.Password));
        await RedeemAsync(organization, "ada", second.Token, TestOrganization.Password);
        var reused = await Rpc.StatusAsync(() => RedeemAsync(organization, "ada", second.Token, TestOrganization.Password));
        var resendAfterActivation = await Rpc.StatusAsync(() =>
            Operator.Users.ResendActivationAsync(new ResendActivationRequest { OrganizationId = organization.Id, UserId = "ada" }).ResponseAsync);

        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal(StatusCode.PermissionDenied, oldLink);
        Assert.Equal(StatusCode.PermissionDenied, reused);
        Assert.Equal(StatusCode.FailedPrecondition, resendAfterActivation);
    }

    [Fact, Trait("Rule", "USR-2")]
    public async Task USR2_without_sso_the_link_needs_a_password_that_meets_the_policy_and_a_refused_one_keeps_the_link()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UserAsync("ada");
        var link = CapturedMail.Link(await gateway.Mail.LatestAsync(TestOrganization.Email("ada"), MessageKind.Activation));

        var none = await Rpc.StatusAsync(() => RedeemAsync(organization, "ada", link.Token, ""));
        var tooShort = await Rpc.StatusAsync(() => RedeemAsync(organization, "ada", link.Token, "short1"));
        var repeated = await Rpc.StatusAsync(() => RedeemAsync(organization, "ada", link.Token, "aaaaaaaaaaaaaaaa"));
        var state = (await Operator.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = "ada" })).State;
        await RedeemAsync(organization, "ada", link.Token, TestOrganization.Password);

        Assert.Equal([StatusCode.InvalidArgument, StatusCode.InvalidArgument, StatusCode.InvalidArgument], [none, tooShort, repeated]);
        Assert.Equal(UserState.NotActivated, state);
    }

    [Fact, Trait("Rule", "USR-2")]
    public async Task USR2_with_sso_the_link_activates_at_once_and_takes_no_password()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await Operator.Organizations.UpdateSettingsAsync(new UpdateSettingsRequest
        {
            OrganizationId = organization.Id,
            Settings = new OrganizationSettings { Authentication = new AuthenticationSettings { SsoEnabled = true, MinimumPasswordLength = 10 } },
            UpdateMask = new FieldMask { Paths = { "authentication" } },
        });
        await organization.UserAsync("ada");
        var link = CapturedMail.Link(await gateway.Mail.LatestAsync(TestOrganization.Email("ada"), MessageKind.Activation));

        var withPassword = await Rpc.StatusAsync(() => RedeemAsync(organization, "ada", link.Token, TestOrganization.Password));
        await RedeemAsync(organization, "ada", link.Token, "");
        var user = await Operator.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = "ada" });
        var passwordSignIn = await Rpc.StatusAsync(() => organization.SignInAsync("ada"));
        var reset = await Rpc.StatusAsync(() => Operator.Users.ResetPasswordAsync(new ResetPasswordRequest { OrganizationId = organization.Id, UserId = "ada" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, withPassword);
        Assert.Equal(UserState.Active, user.State);
        Assert.Equal(StatusCode.Unauthenticated, passwordSignIn);
        Assert.Equal(StatusCode.FailedPrecondition, reset);
    }

    [Fact, Trait("Rule", "USR-7")]
    public async Task USR7_suspending_ends_sessions_and_keeps_roles_deleting_removes_every_role_and_frees_the_email()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("u1");
        await organization.PermissionAsync("docs.read");
        await organization.RoleAsync("reader", "docs.read");
        var ada = await organization.MemberAsync("ada");
        await organization.AssignAsync("ada", "u1", "reader");

        await Operator.Users.SuspendUserAsync(new SuspendUserRequest { OrganizationId = organization.Id, UserId = "ada" });
        var tokenWhileSuspended = await Rpc.StatusAsync(() => ada.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = "ada" }).ResponseAsync);
        var rolesKept = await organization.CheckAsync("ada", "u1", "docs.read");
        await Operator.Users.ResumeUserAsync(new ResumeUserRequest { OrganizationId = organization.Id, UserId = "ada" });
        var deleted = await Operator.Users.DeleteUserAsync(new DeleteUserRequest { OrganizationId = organization.Id, UserId = "ada", RemoteWipe = true });
        var accessAfterDelete = await organization.CheckAsync("ada", "u1", "docs.read");
        var assignments = await Operator.Assignments.ListAssignmentsAsync(new ListAssignmentsRequest { OrganizationId = organization.Id });
        var listed = await Operator.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = organization.Id, Query = "ada" });
        var reused = await Operator.Users.CreateUserAsync(new CreateUserRequest
        {
            OrganizationId = organization.Id, UserId = "ada-2", Email = TestOrganization.Email("ada"), GivenName = "Ada", FamilyName = "Again",
        });

        Assert.Equal(StatusCode.Unauthenticated, tokenWhileSuspended);
        Assert.True(rolesKept);
        Assert.Equal(UserState.Deleted, deleted.State);
        Assert.False(accessAfterDelete);
        Assert.Empty(assignments.Assignments);
        Assert.Empty(listed.Users);
        Assert.Equal(UserState.NotActivated, reused.State);
    }

    [Fact, Trait("Rule", "USR-6")]
    public async Task USR6_a_user_without_roles_gets_an_empty_access_list_not_an_error()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var ada = await organization.MemberAsync("ada");

        var accesses = await ada.Assignments.ListUserAccessesAsync(new ListUserAccessesRequest { OrganizationId = organization.Id, UserId = "ada" });

        Assert.Empty(accesses.Accesses);
    }

    [Fact, Trait("Rule", "ADM-3")]
    public async Task Ending_sessions_and_resetting_the_password_kill_existing_tokens()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var ada = await organization.MemberAsync("ada");
        var get = new GetUserRequest { OrganizationId = organization.Id, UserId = "ada" };

        await Operator.Users.EndSessionsAsync(new EndSessionsRequest { OrganizationId = organization.Id, UserId = "ada" });
        var afterEnd = await Rpc.StatusAsync(() => ada.Users.GetUserAsync(get).ResponseAsync);
        var again = await organization.SignInAsync("ada");
        await again.Users.GetUserAsync(get);
        await Operator.Users.ResetPasswordAsync(new ResetPasswordRequest { OrganizationId = organization.Id, UserId = "ada" });
        var reset = CapturedMail.Link(await gateway.Mail.LatestAsync(TestOrganization.Email("ada"), MessageKind.PasswordReset));
        await RedeemAsync(organization, "ada", reset.Token, "a brand new passphrase");
        var afterReset = await Rpc.StatusAsync(() => again.Users.GetUserAsync(get).ResponseAsync);
        var oldPassword = await Rpc.StatusAsync(() => organization.SignInAsync("ada"));

        Assert.Equal(StatusCode.Unauthenticated, afterEnd);
        Assert.Equal(StatusCode.Unauthenticated, afterReset);
        Assert.Equal(StatusCode.Unauthenticated, oldPassword);
    }

    // ------------------------------------------------------------ administrators (ADM-1, ADM-5, ADM-6)

    [Fact, Trait("Rule", "ADM-1")]
    public async Task ADM1_the_last_team_administrator_cannot_be_removed_demoted_suspended_or_deleted_and_one_admin_warns()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        const string admin = TestOrganization.FirstAdministrator;
        await organization.ActivateAsync(admin);
        var list = await Operator.Administrators.ListAdministratorsAsync(new ListAdministratorsRequest { OrganizationId = organization.Id });

        var refusals = new[]
        {
            await Rpc.StatusAsync(() => Operator.Administrators.RemoveAdministratorAsync(new RemoveAdministratorRequest { OrganizationId = organization.Id, UserId = admin }).ResponseAsync),
            await Rpc.StatusAsync(() => Operator.Administrators.ChangeAdministratorRoleAsync(new ChangeAdministratorRoleRequest { OrganizationId = organization.Id, UserId = admin, RoleId = "support-admin" }).ResponseAsync),
            await Rpc.StatusAsync(() => Operator.Administrators.SuspendAdministratorAsync(new SuspendAdministratorRequest { OrganizationId = organization.Id, UserId = admin }).ResponseAsync),
            await Rpc.StatusAsync(() => Operator.Users.SuspendUserAsync(new SuspendUserRequest { OrganizationId = organization.Id, UserId = admin }).ResponseAsync),
            await Rpc.StatusAsync(() => Operator.Users.DeleteUserAsync(new DeleteUserRequest { OrganizationId = organization.Id, UserId = admin }).ResponseAsync),
        };
        await organization.MemberAsync("second");
        var two = await Operator.Administrators.AddAdministratorAsync(new AddAdministratorRequest { OrganizationId = organization.Id, UserId = "second", RoleId = "team-admin" });
        var one = await Operator.Administrators.RemoveAdministratorAsync(new RemoveAdministratorRequest { OrganizationId = organization.Id, UserId = admin });
        var stillUser = await Operator.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = admin });

        Assert.NotEmpty(list.Warning);
        Assert.All(refusals, status => Assert.Equal(StatusCode.FailedPrecondition, status));
        Assert.Empty(two.Warning);
        Assert.Equal(["second"], one.Administrators.Select(a => a.UserId));
        Assert.NotEmpty(one.Warning);
        Assert.Equal(UserState.Active, stillUser.State);
    }

    [Fact, Trait("Rule", "ADM-5")]
    public async Task ADM5_only_team_administrators_manage_admin_roles_and_reset_admin_passwords()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var security = await organization.MemberAsync("sec", "security-admin");
        var team = await organization.MemberAsync("team", "team-admin");
        await organization.MemberAsync("member");

        var securityResetsMember = await Rpc.StatusAsync(() => security.Users.ResetPasswordAsync(new ResetPasswordRequest { OrganizationId = organization.Id, UserId = "member" }).ResponseAsync);
        var securityResetsAdmin = await Rpc.StatusAsync(() => security.Users.ResetPasswordAsync(new ResetPasswordRequest { OrganizationId = organization.Id, UserId = "team" }).ResponseAsync);
        var securityPromotes = await Rpc.StatusAsync(() => security.Administrators.AddAdministratorAsync(new AddAdministratorRequest { OrganizationId = organization.Id, UserId = "member", RoleId = "team-admin" }).ResponseAsync);
        var teamResetsAdmin = await Rpc.StatusAsync(() => team.Users.ResetPasswordAsync(new ResetPasswordRequest { OrganizationId = organization.Id, UserId = "sec" }).ResponseAsync);

        Assert.Equal(StatusCode.OK, securityResetsMember);
        Assert.Equal(StatusCode.PermissionDenied, securityResetsAdmin);
        Assert.Equal(StatusCode.PermissionDenied, securityPromotes);
        Assert.Equal(StatusCode.OK, teamResetsAdmin);
    }

    [Fact, Trait("Rule", "ADM-5")]
    public async Task ADM5_privilege_escalation_through_roles_and_assignments_is_refused()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("u1");
        await organization.PermissionAsync("docs.read");
        await organization.RoleAsync("reader", "docs.read");
        await organization.UserAsync("bob");
        // A team administrator lets Support administrators define roles.
        await Operator.Roles.SetRolePermissionsAsync(new SetRolePermissionsRequest
        {
            OrganizationId = organization.Id, RoleId = "support-admin", PermissionIds = { "admin.roles.manage", "admin.members.invite_remove" },
        });
        var support = await organization.MemberAsync("sup", "support-admin");
        var userManagement = await organization.MemberAsync("um", "user-management-admin");

        var appRole = await Rpc.StatusAsync(() => support.Roles.CreateRoleAsync(new CreateRoleRequest
            { OrganizationId = organization.Id, RoleId = "writer", DisplayName = "Writer", PermissionIds = { "docs.read" } }).ResponseAsync);
        var adminRole = await Rpc.StatusAsync(() => support.Roles.CreateRoleAsync(new CreateRoleRequest
            { OrganizationId = organization.Id, RoleId = "sneaky", DisplayName = "Sneaky", PermissionIds = { "admin.admin_roles.create_assign" } }).ResponseAsync);
        var widenAdminRole = await Rpc.StatusAsync(() => support.Roles.SetRolePermissionsAsync(new SetRolePermissionsRequest
            { OrganizationId = organization.Id, RoleId = "support-admin", PermissionIds = { "admin.users.impersonate" } }).ResponseAsync);
        var umCreatesAdminRole = await Rpc.StatusAsync(() => userManagement.Roles.CreateRoleAsync(new CreateRoleRequest
            { OrganizationId = organization.Id, RoleId = "um-admin", DisplayName = "UM admin", PermissionIds = { "admin.members.delete" } }).ResponseAsync);
        var assignsAppRole = await Rpc.StatusAsync(() => userManagement.Assignments.AssignRolesAsync(new AssignRolesRequest
            { OrganizationId = organization.Id, UnitId = "u1", UserId = "bob", RoleIds = { "reader" } }).ResponseAsync);
        var assignsAdminRole = await Rpc.StatusAsync(() => userManagement.Assignments.AssignRolesAsync(new AssignRolesRequest
            { OrganizationId = organization.Id, UnitId = "u1", UserId = "bob", RoleIds = { "team-admin" } }).ResponseAsync);

        Assert.Equal(StatusCode.OK, appRole);
        Assert.Equal(StatusCode.PermissionDenied, adminRole);
        Assert.Equal(StatusCode.PermissionDenied, widenAdminRole);
        Assert.Equal(StatusCode.PermissionDenied, umCreatesAdminRole);
        Assert.Equal(StatusCode.OK, assignsAppRole);
        Assert.Equal(StatusCode.PermissionDenied, assignsAdminRole);
    }

    [Fact, Trait("Rule", "ASG-7")]
    public async Task ASG7_a_client_administrator_acts_only_in_the_units_where_they_hold_the_admin_permission()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("a");
        await organization.UnitAsync("b");
        await organization.PermissionAsync("docs.read");
        await organization.RoleAsync("reader", "docs.read");
        await organization.RoleAsync("unit-admin", "admin.members.invite_remove", "admin.members_tab.view");
        await organization.UserAsync("bob");
        var clientAdmin = await organization.MemberAsync("client");
        await organization.AssignAsync("client", "a", "unit-admin");

        var inA = await Rpc.StatusAsync(() => clientAdmin.Assignments.AssignRolesAsync(new AssignRolesRequest
            { OrganizationId = organization.Id, UnitId = "a", UserId = "bob", RoleIds = { "reader" } }).ResponseAsync);
        var inB = await Rpc.StatusAsync(() => clientAdmin.Assignments.AssignRolesAsync(new AssignRolesRequest
            { OrganizationId = organization.Id, UnitId = "b", UserId = "bob", RoleIds = { "reader" } }).ResponseAsync);
        var listA = await Rpc.StatusAsync(() => clientAdmin.Assignments.ListAssignmentsAsync(new ListAssignmentsRequest { OrganizationId = organization.Id, UnitIds = { "a" } }).ResponseAsync);
        var listAll = await Rpc.StatusAsync(() => clientAdmin.Assignments.ListAssignmentsAsync(new ListAssignmentsRequest { OrganizationId = organization.Id }).ResponseAsync);
        var checkInA = await Rpc.StatusAsync(() => clientAdmin.Checks.CheckAsync(new CheckRequest { OrganizationId = organization.Id, UnitId = "a", UserId = "bob", PermissionId = "docs.read" }).ResponseAsync);
        var checkInB = await Rpc.StatusAsync(() => clientAdmin.Checks.CheckAsync(new CheckRequest { OrganizationId = organization.Id, UnitId = "b", UserId = "bob", PermissionId = "docs.read" }).ResponseAsync);
        var createUser = await Rpc.StatusAsync(() => clientAdmin.Users.CreateUserAsync(new CreateUserRequest
            { OrganizationId = organization.Id, UserId = "eve", Email = "eve@example.org", GivenName = "Eve", FamilyName = "E" }).ResponseAsync);

        Assert.Equal([StatusCode.OK, StatusCode.PermissionDenied], [inA, inB]);
        Assert.Equal([StatusCode.OK, StatusCode.PermissionDenied], [listA, listAll]);
        Assert.Equal([StatusCode.OK, StatusCode.PermissionDenied], [checkInA, checkInB]);
        Assert.Equal(StatusCode.PermissionDenied, createUser);
        Assert.True(await organization.CheckAsync("bob", "a", "docs.read"));
        Assert.False(await organization.CheckAsync("bob", "b", "docs.read"));
    }

    // ------------------------------------------------------------ officers and trusted domains (ORG-4, ORG-5)

    [Fact, Trait("Rule", "ORG-4")]
    public async Task ORG4_the_founders_are_officers_and_only_legal_representatives_change_the_officers()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var team = await organization.MemberAsync("team", "team-admin");
        var beforeActivation = await Rpc.StatusAsync(() => organization.SignInAsync(TestOrganization.FirstAdministrator));
        await organization.ActivateAsync(TestOrganization.FirstAdministrator);
        var legal = await organization.SignInAsync(TestOrganization.FirstAdministrator);
        var officers = await Operator.Organizations.GetOfficersAsync(new GetOfficersRequest { OrganizationId = organization.Id });
        var change = new SetOfficersRequest { OrganizationId = organization.Id, LegalRepresentativeUserIds = { TestOrganization.FirstAdministrator }, SuperAdministratorUserIds = { "team" } };

        var byTeamAdmin = await Rpc.StatusAsync(() => team.Organizations.SetOfficersAsync(change).ResponseAsync);
        var updated = await legal.Organizations.SetOfficersAsync(change);
        var emptied = await Rpc.StatusAsync(() => legal.Organizations.SetOfficersAsync(new SetOfficersRequest { OrganizationId = organization.Id, SuperAdministratorUserIds = { "team" } }).ResponseAsync);
        var deleteOnlyLegal = await Rpc.StatusAsync(() => team.Users.DeleteUserAsync(new DeleteUserRequest { OrganizationId = organization.Id, UserId = TestOrganization.FirstAdministrator }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, beforeActivation);
        Assert.Equal([TestOrganization.FirstAdministrator], officers.LegalRepresentativeUserIds);
        Assert.Equal([TestOrganization.FirstAdministrator], officers.SuperAdministratorUserIds);
        Assert.Equal(StatusCode.PermissionDenied, byTeamAdmin);
        Assert.Equal(["team"], updated.SuperAdministratorUserIds);
        Assert.Equal(StatusCode.InvalidArgument, emptied);
        Assert.Equal(StatusCode.FailedPrecondition, deleteOnlyLegal);
    }

    [Fact, Trait("Rule", "ORG-5")]
    public async Task ORG5_administrative_requests_from_outside_the_trusted_domains_are_refused()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await Operator.Users.CreateUserAsync(new CreateUserRequest
            { OrganizationId = organization.Id, UserId = "outsider", Email = "outsider@elsewhere.test", GivenName = "Out", FamilyName = "Sider" });
        var link = CapturedMail.Link(await gateway.Mail.LatestAsync("outsider@elsewhere.test", MessageKind.Activation));
        await RedeemAsync(organization, "outsider", link.Token, TestOrganization.Password);
        await Operator.Administrators.AddAdministratorAsync(new AddAdministratorRequest { OrganizationId = organization.Id, UserId = "outsider", RoleId = "team-admin" });
        var outsider = gateway.As((await gateway.Anonymous.Sessions.SignInAsync(new SignInRequest
            { OrganizationId = organization.Id, Email = "outsider@elsewhere.test", Password = TestOrganization.Password })).AccessToken);
        var insider = await organization.MemberAsync("insider", "team-admin");
        var list = new ListUsersRequest { OrganizationId = organization.Id };

        var before = await Rpc.StatusAsync(() => outsider.Users.ListUsersAsync(list).ResponseAsync);
        var lockingThemselvesOut = await Rpc.StatusAsync(() => outsider.Organizations.UpdateSettingsAsync(TrustOnly(organization.Id, "example.org")).ResponseAsync);
        await insider.Organizations.UpdateSettingsAsync(TrustOnly(organization.Id, "example.org"));
        var after = await Rpc.StatusAsync(() => outsider.Users.ListUsersAsync(list).ResponseAsync);
        var selfService = await Rpc.StatusAsync(() => outsider.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = "outsider" }).ResponseAsync);
        var insiderStill = await Rpc.StatusAsync(() => insider.Users.ListUsersAsync(list).ResponseAsync);

        Assert.Equal(StatusCode.OK, before);
        Assert.Equal(StatusCode.FailedPrecondition, lockingThemselvesOut);
        Assert.Equal(StatusCode.PermissionDenied, after);
        Assert.Equal(StatusCode.OK, selfService);
        Assert.Equal(StatusCode.OK, insiderStill);
    }

    // ------------------------------------------------------------ API keys, impersonation (ADM-7), audit

    [Fact, Trait("Rule", "CHK-1"), Trait("Rule", "ORG-1")]
    public async Task A_platform_key_runs_checks_only_in_its_organizations_and_stops_when_revoked()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var other = await TestOrganization.CreateAsync(gateway);
        foreach (var org in new[] { organization, other })
        {
            await org.UnitAsync("u1");
            await org.PermissionAsync("docs.read");
            await org.RoleAsync("reader", "docs.read");
            await org.UserAsync("bob");
            await org.AssignAsync("bob", "u1", "reader");
        }

        var admin = await organization.MemberAsync("linker", "security-admin");
        var created = await admin.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { OrganizationIds = { organization.Id }, DisplayName = "LMS" });
        var platform = gateway.As(created.Secret);
        CheckRequest Check(TestOrganization org) => new() { OrganizationId = org.Id, UnitId = "u1", UserId = "bob", PermissionId = "docs.read" };

        var allowed = (await platform.Checks.CheckAsync(Check(organization))).Allowed;
        var otherOrganization = await Rpc.StatusAsync(() => platform.Checks.CheckAsync(Check(other)).ResponseAsync);
        var adminCall = await Rpc.StatusAsync(() => platform.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = organization.Id }).ResponseAsync);
        var multiOrganization = await Rpc.StatusAsync(() => admin.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { OrganizationIds = { organization.Id, other.Id }, DisplayName = "Both" }).ResponseAsync);
        var listed = await admin.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest { OrganizationId = organization.Id });
        await admin.ApiKeys.RevokeApiKeyAsync(new RevokeApiKeyRequest { OrganizationId = organization.Id, KeyId = created.Key.KeyId });
        var revoked = await Rpc.StatusAsync(() => platform.Checks.CheckAsync(Check(organization)).ResponseAsync);

        Assert.True(allowed);
        Assert.StartsWith("ak_", created.Secret, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, otherOrganization);
        Assert.Equal(StatusCode.PermissionDenied, adminCall);
        Assert.Equal(StatusCode.PermissionDenied, multiOrganization);
        Assert.Equal([created.Key.KeyId], listed.Keys.Select(key => key.KeyId));
        Assert.Equal(StatusCode.Unauthenticated, revoked);
    }

    [Fact, Trait("Rule", "ADM-7")]
    public async Task ADM7_a_team_administrator_signs_in_as_a_member_and_every_call_is_audited_under_both_names()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.ActivateAsync(TestOrganization.FirstAdministrator);
        var team = await organization.MemberAsync("team", "team-admin");
        await organization.MemberAsync("bob");
        await organization.MemberAsync("other-admin", "support-admin");

        var session = await team.Sessions.ImpersonateAsync(new ImpersonateRequest { OrganizationId = organization.Id, UserId = "bob" });
        var asBob = gateway.As(session.AccessToken);
        await asBob.Users.EndSessionsAsync(new EndSessionsRequest { OrganizationId = organization.Id, UserId = "bob" });
        var admin = await Rpc.StatusAsync(() => team.Sessions.ImpersonateAsync(new ImpersonateRequest { OrganizationId = organization.Id, UserId = "other-admin" }).ResponseAsync);
        var events = await Operator.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { OrganizationId = organization.Id, UserId = "team", PageSize = 10 });
        var again = gateway.As((await team.Sessions.ImpersonateAsync(new ImpersonateRequest { OrganizationId = organization.Id, UserId = "bob" })).AccessToken);
        var getBob = new GetUserRequest { OrganizationId = organization.Id, UserId = "bob" };
        var beforeDemotion = await Rpc.StatusAsync(() => again.Users.GetUserAsync(getBob).ResponseAsync);
        await Operator.Administrators.ChangeAdministratorRoleAsync(new ChangeAdministratorRoleRequest { OrganizationId = organization.Id, UserId = "team", RoleId = "support-admin" });
        var afterDemotion = await Rpc.StatusAsync(() => again.Users.GetUserAsync(getBob).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, admin);
        Assert.Equal(StatusCode.OK, beforeDemotion);
        Assert.Equal(StatusCode.Unauthenticated, afterDemotion);
        Assert.Contains(events.Events, e => e.Action == "authz.v1.Sessions/Impersonate" && e.Outcome == "OK" && e.Target == "user/bob");
        Assert.Contains(events.Events, e => e.Action == "authz.v1.Users/EndSessions" && e.Actor == "user/team as user/bob");
    }

    [Fact]
    public async Task The_audit_log_records_actor_action_target_time_request_id_and_outcome_newest_first_with_paging()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var team = await organization.MemberAsync("team", "team-admin");
        var headers = new Metadata { { "x-request-id", "req-42" } };

        var created = team.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = organization.Id, UnitId = "u1", DisplayName = "Unit" }, headers);
        await created;
        var echoed = (await created.ResponseHeadersAsync).GetValue("x-request-id");
        await Rpc.StatusAsync(() => team.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = organization.Id, UnitId = "u1", DisplayName = "Again" }).ResponseAsync);
        var newest = (await Operator.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { OrganizationId = organization.Id, PageSize = 2 })).Events;
        var all = new List<AuditEvent>();
        var token = "";
        do
        {
            var page = await Operator.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { OrganizationId = organization.Id, PageSize = 3, PageToken = token });
            all.AddRange(page.Events);
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(("user/team", "authz.v1.Units/CreateUnit", "unit/u1", "ALREADY_EXISTS"), (newest[0].Actor, newest[0].Action, newest[0].Target, newest[0].Outcome));
        Assert.Equal(("req-42", "OK", ""), (newest[1].RequestId, newest[1].Outcome, newest[1].Detail));
        Assert.Equal("req-42", echoed);
        Assert.True(newest[1].Time.ToDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(Enumerable.Range(1, all.Count).Reverse().Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.Equal("authz.v1.Organizations/CreateOrganization", all[^1].Action);
    }

    private static string Base64(string base64Url)
    {
        var padded = base64Url.Replace('-', '+').Replace('_', '/');
        return padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=');
    }

    private static UpdateSettingsRequest TrustOnly(string organizationId, string domain) => new()
    {
        OrganizationId = organizationId,
        Settings = new OrganizationSettings { Authentication = new AuthenticationSettings { MinimumPasswordLength = 10, TrustedEmailDomains = { domain } } },
        UpdateMask = new FieldMask { Paths = { "authentication" } },
    };

    private Task RedeemAsync(TestOrganization organization, string userId, string token, string password) =>
        gateway.Anonymous.Sessions.RedeemLinkAsync(new RedeemLinkRequest { OrganizationId = organization.Id, UserId = userId, Token = token, Password = password }).ResponseAsync;
}
