using Authz.Api.V1;
using Authz.Grains.Export;
using Authz.Tests.Api;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MessageKind = Authz.Grains.Domain.MessageKind;

namespace Authz.Tests.Security.Attacks;

/// <summary>
/// The outside review's attacks on administration (findings 1 to 5), replayed through the real gateway with the
/// credentials the attacker had: each is refused with its status and changes nothing.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AdministrationAttackTests(GatewayFixture gateway)
{
    private const string Admin = TestOrganization.FirstAdministrator;

    private ApiClients Operator => gateway.Operator;

    [Theory, Trait("Rule", "ROLE-2"), Trait("Rule", "ROLE-4"), Trait("Rule", "ADM-3")]
    [InlineData("team-admin")]
    [InlineData("support-admin")]
    public async Task Finding1_a_team_administrator_cannot_delete_a_predefined_admin_role_even_while_it_is_held(string roleId)
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var teamAdmin = await organization.MemberAsync("carl", "team-admin");
        await organization.MemberAsync("sam", "support-admin");
        var roles = await RolesAsync(organization);

        var deletion = await Rpc.StatusAsync(() => teamAdmin.Roles.DeleteRoleAsync(new DeleteRoleRequest { OrganizationId = organization.Id, RoleId = roleId }).ResponseAsync);
        var lookalike = await Rpc.StatusAsync(() => teamAdmin.Roles.CreateRoleAsync(new CreateRoleRequest
        {
            OrganizationId = organization.Id, RoleId = "compliance-admin", DisplayName = "Not the compliance role",
        }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, deletion);
        Assert.Equal(StatusCode.InvalidArgument, lookalike);
        Assert.Equal(roles, await RolesAsync(organization));
        var permissions = await teamAdmin.Administrators.GetAdminPermissionsAsync(new GetAdminPermissionsRequest { OrganizationId = organization.Id, UserId = "carl" });
        Assert.Contains("admin.admin_roles.create_assign", permissions.PermissionIds);
    }

    [Theory, Trait("Rule", "ADM-5")]
    [InlineData("support-admin", true)]
    [InlineData("support-admin", false)]
    [InlineData("user-management-admin", true)]
    [InlineData("user-management-admin", false)]
    public async Task Finding2_only_a_team_administrator_changes_an_administrators_email(string attackerRole, bool victimActivated)
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var attacker = await organization.MemberAsync($"mallory-{attackerRole}-{victimActivated}", attackerRole);
        var victim = $"victim-{attackerRole}-{victimActivated}";
        await organization.UserAsync(victim);
        if (victimActivated)
        {
            await organization.ActivateAsync(victim);
        }

        await Operator.Administrators.AddAdministratorAsync(new AddAdministratorRequest { OrganizationId = organization.Id, UserId = victim, RoleId = "team-admin" });
        var before = await Operator.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = victim });

        var change = await Rpc.StatusAsync(() => attacker.Users.ChangeUserEmailAsync(new ChangeUserEmailRequest
        {
            OrganizationId = organization.Id, UserId = victim, Email = $"inbox-of-{victim}@example.org",
        }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, change);
        Assert.Equal(before, await Operator.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = victim }));
        Assert.Empty(gateway.Mail.To($"inbox-of-{victim}@example.org"));
    }

    [Fact, Trait("Rule", "ADM-5")]
    public async Task Finding2_no_account_operation_on_an_administrator_or_officer_is_open_to_other_admin_roles()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var userManager = await organization.MemberAsync("mallory", "user-management-admin");
        await organization.UserAsync("pending");
        await Operator.Administrators.AddAdministratorAsync(new AddAdministratorRequest { OrganizationId = organization.Id, UserId = "pending", RoleId = "team-admin" });
        await organization.MemberAsync("plain");
        await organization.UnitAsync("u1");
        await organization.PermissionAsync("docs.read");
        await organization.RoleAsync("reader", "docs.read");
        await organization.AssignAsync(Admin, "u1", "reader");
        var users = await Operator.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = organization.Id });
        var accesses = await organization.AccessesAsync(Admin);
        var mails = gateway.Mail.To(TestOrganization.Email("pending")).Count;

        var statuses = new Dictionary<string, StatusCode>
        {
            ["resend the activation of a team administrator"] = await Rpc.StatusAsync(() => userManager.Users.ResendActivationAsync(
                new ResendActivationRequest { OrganizationId = organization.Id, UserId = "pending" }).ResponseAsync),
            ["transfer the account of the legal representative and team administrator"] = await Rpc.StatusAsync(() => userManager.Users.TransferAccountAsync(
                new TransferAccountRequest { OrganizationId = organization.Id, FromUserId = Admin, ToUserId = "plain" }).ResponseAsync),
            ["suspend a team administrator"] = await Rpc.StatusAsync(() => userManager.Users.SuspendUserAsync(
                new SuspendUserRequest { OrganizationId = organization.Id, UserId = "pending" }).ResponseAsync),
            ["delete a team administrator"] = await Rpc.StatusAsync(() => userManager.Users.DeleteUserAsync(
                new DeleteUserRequest { OrganizationId = organization.Id, UserId = "pending" }).ResponseAsync),
            ["change the legal representative's e-mail"] = await Rpc.StatusAsync(() => userManager.Users.ChangeUserEmailAsync(
                new ChangeUserEmailRequest { OrganizationId = organization.Id, UserId = Admin, Email = "mallory@example.org" }).ResponseAsync),
        };

        Assert.All(statuses, status => Assert.True(status.Value == StatusCode.PermissionDenied, $"{status.Key}: {status.Value}"));
        Assert.Equal(users, await Operator.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = organization.Id }));
        Assert.Equal(accesses, await organization.AccessesAsync(Admin));
        Assert.Equal(mails, gateway.Mail.To(TestOrganization.Email("pending")).Count);
        Assert.Equal(StatusCode.OK, await Rpc.StatusAsync(() => userManager.Users.ChangeUserEmailAsync(
            new ChangeUserEmailRequest { OrganizationId = organization.Id, UserId = "plain", Email = "plain-2@example.org" }).ResponseAsync));
    }

    [Fact, Trait("Rule", "ADM-1")]
    public async Task Finding3_suspending_two_team_administrators_one_after_the_other_is_refused_at_the_second()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.ActivateAsync(Admin);
        var carl = await organization.MemberAsync("carl", "team-admin");

        var first = await Rpc.StatusAsync(() => carl.Users.SuspendUserAsync(new SuspendUserRequest { OrganizationId = organization.Id, UserId = Admin }).ResponseAsync);
        var administrators = await AdministratorsAsync(organization);
        var second = await Rpc.StatusAsync(() => Operator.Users.SuspendUserAsync(new SuspendUserRequest { OrganizationId = organization.Id, UserId = "carl" }).ResponseAsync);
        var dashboard = await Operator.Reports.GetDashboardAsync(new GetDashboardRequest { OrganizationId = organization.Id });

        Assert.Equal(StatusCode.OK, first);
        Assert.Equal(StatusCode.FailedPrecondition, second);
        Assert.Equal(administrators, await AdministratorsAsync(organization));
        Assert.Equal(UserState.Active, (await Operator.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = "carl" })).State);
        Assert.Equal(["carl"], administrators.Administrators.Where(admin => admin.Active).Select(admin => admin.UserId));
        Assert.NotEmpty(administrators.Warning);
        Assert.Equal(1, dashboard.ActiveAdministrators);
        Assert.NotEmpty(dashboard.Warning);
    }

    [Fact, Trait("Rule", "ADM-1")]
    public async Task Finding3_demoting_removing_or_deleting_the_last_active_team_administrator_after_suspending_the_other_is_refused()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.ActivateAsync(Admin);
        await organization.MemberAsync("carl", "team-admin");
        await Operator.Users.SuspendUserAsync(new SuspendUserRequest { OrganizationId = organization.Id, UserId = Admin });
        var before = await AdministratorsAsync(organization);

        var statuses = new Dictionary<string, StatusCode>
        {
            ["demote"] = await Rpc.StatusAsync(() => Operator.Administrators.ChangeAdministratorRoleAsync(
                new ChangeAdministratorRoleRequest { OrganizationId = organization.Id, UserId = "carl", RoleId = "security-admin" }).ResponseAsync),
            ["remove"] = await Rpc.StatusAsync(() => Operator.Administrators.RemoveAdministratorAsync(
                new RemoveAdministratorRequest { OrganizationId = organization.Id, UserId = "carl" }).ResponseAsync),
            ["suspend as administrator"] = await Rpc.StatusAsync(() => Operator.Administrators.SuspendAdministratorAsync(
                new SuspendAdministratorRequest { OrganizationId = organization.Id, UserId = "carl" }).ResponseAsync),
            ["delete"] = await Rpc.StatusAsync(() => Operator.Users.DeleteUserAsync(new DeleteUserRequest { OrganizationId = organization.Id, UserId = "carl" }).ResponseAsync),
        };

        Assert.All(statuses, status => Assert.True(status.Value == StatusCode.FailedPrecondition, $"{status.Key}: {status.Value}"));
        Assert.Equal(before, await AdministratorsAsync(organization));
    }

    [Fact, Trait("Rule", "ADM-1")]
    public async Task Finding3_a_never_activated_team_administrator_does_not_count_as_active()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var carl = await organization.MemberAsync("carl", "team-admin");

        var suspendCarl = await Rpc.StatusAsync(() => Operator.Users.SuspendUserAsync(new SuspendUserRequest { OrganizationId = organization.Id, UserId = "carl" }).ResponseAsync);
        var removeCarl = await Rpc.StatusAsync(() => Operator.Administrators.RemoveAdministratorAsync(new RemoveAdministratorRequest { OrganizationId = organization.Id, UserId = "carl" }).ResponseAsync);
        var removeFounder = await Rpc.StatusAsync(() => carl.Administrators.RemoveAdministratorAsync(new RemoveAdministratorRequest { OrganizationId = organization.Id, UserId = Admin }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, suspendCarl);
        Assert.Equal(StatusCode.FailedPrecondition, removeCarl);
        Assert.Equal(StatusCode.OK, removeFounder);
        Assert.Equal(["carl"], (await AdministratorsAsync(organization)).Administrators.Select(admin => admin.UserId));
    }

    [Fact, Trait("Rule", "ASG-6"), Trait("Rule", "ASG-7")]
    public async Task Finding4_a_unit_administrator_exports_only_the_units_they_may_see()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("emea");
        await organization.UnitAsync("emea-paris", "emea");
        await organization.UnitAsync("us");
        await organization.PermissionAsync("docs.read");
        await organization.RoleAsync("reader", "docs.read");
        await Operator.Roles.CreateRoleAsync(new CreateRoleRequest
        {
            OrganizationId = organization.Id, RoleId = "unit-viewer", DisplayName = "Unit viewer", PermissionIds = { "admin.members_tab.view" },
        });
        var paris = await organization.MemberAsync("paris");
        await organization.AssignAsync("paris", "emea-paris", "unit-viewer");
        await organization.UserAsync("bob");
        await organization.AssignAsync("bob", "us", "reader");
        await organization.AssignAsync("bob", "emea", "reader");
        await organization.AssignAsync("bob", "emea-paris", "reader");
        var outsider = await organization.MemberAsync("outsider");

        var allNamingParis = await ExportAsync(paris, organization, new ExportAssignmentsRequest { Scope = ExportScope.All, UnitIds = { "emea-paris" } });
        var all = await ExportAsync(paris, organization, new ExportAssignmentsRequest { Scope = ExportScope.All });
        var bob = await ExportAsync(paris, organization, new ExportAssignmentsRequest { Scope = ExportScope.Selection, UserIds = { "bob" } });
        var us = await Rpc.StatusAsync(() => ExportAsync(paris, organization, new ExportAssignmentsRequest { Scope = ExportScope.Selection, UnitIds = { "us" } }));
        var nothing = await Rpc.StatusAsync(() => ExportAsync(outsider, organization, new ExportAssignmentsRequest { Scope = ExportScope.All }));

        Assert.All([allNamingParis, all, bob], rows => Assert.All(rows, row => Assert.Equal("emea-paris", row[3])));
        Assert.Equal(["bob", "paris"], all.Select(row => row[0]).Order());
        Assert.Equal(["bob"], bob.Select(row => row[0]));
        Assert.Equal(StatusCode.PermissionDenied, us);
        Assert.Equal(StatusCode.PermissionDenied, nothing);
        Assert.Equal(3, (await ExportAsync(Operator, organization, new ExportAssignmentsRequest { Scope = ExportScope.Selection, UserIds = { "bob" } })).Count);
    }

    [Fact, Trait("Rule", "ORG-5"), Trait("Rule", "ADM-1")]
    public async Task Finding5_trusted_domains_that_exclude_every_team_administrator_are_refused()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.ActivateAsync(Admin);
        await Operator.Users.CreateUserAsync(new CreateUserRequest
        {
            OrganizationId = organization.Id, UserId = "sec", Email = "sec@other.example", GivenName = "Sec", FamilyName = "Admin",
        });
        var link = CapturedMail.Link(await gateway.Mail.LatestAsync("sec@other.example", MessageKind.Activation));
        await gateway.Anonymous.Sessions.RedeemLinkAsync(new RedeemLinkRequest { OrganizationId = organization.Id, UserId = "sec", Token = link.Token, Password = TestOrganization.Password });
        await Operator.Administrators.AddAdministratorAsync(new AddAdministratorRequest { OrganizationId = organization.Id, UserId = "sec", RoleId = "security-admin" });
        var session = await gateway.Anonymous.Sessions.SignInAsync(new SignInRequest { OrganizationId = organization.Id, Email = "sec@other.example", Password = TestOrganization.Password });
        var security = gateway.As(session.AccessToken);
        var before = await Operator.Organizations.GetSettingsAsync(new GetSettingsRequest { OrganizationId = organization.Id });

        var lockout = await Rpc.StatusAsync(() => security.Organizations.UpdateSettingsAsync(Trusting(organization, "other.example")).ResponseAsync);
        var trusted = await Rpc.StatusAsync(() => Operator.Organizations.UpdateSettingsAsync(Trusting(organization, "example.org")).ResponseAsync);
        var emailOutside = await Rpc.StatusAsync(() => Operator.Users.ChangeUserEmailAsync(
            new ChangeUserEmailRequest { OrganizationId = organization.Id, UserId = Admin, Email = "admin@other.example" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, lockout);
        Assert.Equal(StatusCode.OK, trusted);
        Assert.Equal(StatusCode.FailedPrecondition, emailOutside);
        Assert.Equal(TestOrganization.Email(Admin), (await Operator.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = Admin })).Email);
        Assert.NotEqual(before, await Operator.Organizations.GetSettingsAsync(new GetSettingsRequest { OrganizationId = organization.Id }));
    }

    private static UpdateSettingsRequest Trusting(TestOrganization organization, string domain) => new()
    {
        OrganizationId = organization.Id,
        Settings = new OrganizationSettings { Authentication = new AuthenticationSettings { MinimumPasswordLength = 10, TrustedEmailDomains = { domain } } },
        UpdateMask = new FieldMask { Paths = { "authentication" } },
    };

    private async Task<string> RolesAsync(TestOrganization organization) =>
        (await Operator.Roles.ListRolesAsync(new ListRolesRequest { OrganizationId = organization.Id })).ToString();

    private async Task<AdministratorList> AdministratorsAsync(TestOrganization organization) =>
        await Operator.Administrators.ListAdministratorsAsync(new ListAdministratorsRequest { OrganizationId = organization.Id });

    private static async Task<List<string[]>> ExportAsync(ApiClients caller, TestOrganization organization, ExportAssignmentsRequest request)
    {
        request.OrganizationId = organization.Id;
        request.RevisionToken = organization.Revision;
        using var call = caller.Assignments.ExportAssignments(request);
        using var file = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunk.Data.WriteTo(file);
        }

        file.Position = 0;
        return WorkbookReader.Read(file)[AccessWorkbook.AccessesSheet].Skip(1).ToList();
    }
}
