using Authz.Api.V1;
using Authz.Tests.Api;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MessageKind = Authz.Grains.Domain.MessageKind;

namespace Authz.Tests.Security;

/// <summary>The admin console's member, content and account operations behind the matrix rows.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsoleTests(GatewayFixture gateway)
{
    private ApiClients Operator => gateway.Operator;

    [Fact, Trait("Rule", "USR-7")]
    public async Task A_user_under_legal_hold_cannot_be_deleted_until_the_hold_is_released()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UserAsync("ada");
        var hold = await Operator.LegalHolds.PlaceLegalHoldAsync(new PlaceLegalHoldRequest { OrganizationId = organization.Id, Name = "Case 7", UserIds = { "ada" } });
        var delete = new DeleteUserRequest { OrganizationId = organization.Id, UserId = "ada" };

        var held = await Rpc.StatusAsync(() => Operator.Users.DeleteUserAsync(delete).ResponseAsync);
        var unknownUser = await Rpc.StatusAsync(() => Operator.LegalHolds.PlaceLegalHoldAsync(
            new PlaceLegalHoldRequest { OrganizationId = organization.Id, Name = "Case 8", UserIds = { "nobody" } }).ResponseAsync);
        await Operator.LegalHolds.ReleaseLegalHoldAsync(new ReleaseLegalHoldRequest { OrganizationId = organization.Id, HoldId = hold.HoldId });
        var deleted = await Operator.Users.DeleteUserAsync(delete);

        Assert.Equal(StatusCode.FailedPrecondition, held);
        Assert.Equal(StatusCode.NotFound, unknownUser);
        Assert.Equal(UserState.Deleted, deleted.State);
        Assert.Empty((await Operator.LegalHolds.ListLegalHoldsAsync(new ListLegalHoldsRequest { OrganizationId = organization.Id })).Holds);
    }

    [Fact, Trait("Rule", "ASG-1")]
    public async Task Transferring_an_account_moves_every_role_unit_by_unit_but_not_admin_roles()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("a");
        await organization.UnitAsync("b");
        await organization.PermissionAsync("docs.read", "docs.write");
        await organization.RoleAsync("reader", "docs.read");
        await organization.RoleAsync("writer", "docs.write");
        await organization.UserAsync("leaver");
        await organization.UserAsync("heir");
        await organization.UserAsync("boss");
        await organization.AssignAsync("leaver", "a", "reader", "writer");
        await organization.AssignAsync("leaver", "b", "reader");
        await organization.AssignAsync("boss", "a", "team-admin");

        var moved = await Operator.Users.TransferAccountAsync(new TransferAccountRequest { OrganizationId = organization.Id, FromUserId = "leaver", ToUserId = "heir" });
        var adminRoles = await Rpc.StatusAsync(() => Operator.Users.TransferAccountAsync(
            new TransferAccountRequest { OrganizationId = organization.Id, FromUserId = "boss", ToUserId = "heir" }).ResponseAsync);

        Assert.Equal(["a", "b"], moved.UnitIds);
        Assert.True(await organization.CheckAsync("heir", "a", "docs.write"));
        Assert.True(await organization.CheckAsync("heir", "b", "docs.read"));
        Assert.False(await organization.CheckAsync("leaver", "a", "docs.read"));
        Assert.Equal(StatusCode.FailedPrecondition, adminRoles);
        Assert.True(await organization.CheckAsync("boss", "a", "admin.members_tab.view"));
    }

    [Fact, Trait("Rule", "USR-3")]
    public async Task Changing_the_email_of_a_user_not_yet_activated_sends_a_new_link_there_and_kills_the_old_one()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UserAsync("ada");
        await organization.UserAsync("bob");
        var old = CapturedMail.Link(await gateway.Mail.LatestAsync(TestOrganization.Email("ada"), MessageKind.Activation));

        var taken = await Rpc.StatusAsync(() => Operator.Users.ChangeUserEmailAsync(
            new ChangeUserEmailRequest { OrganizationId = organization.Id, UserId = "ada", Email = TestOrganization.Email("bob").ToUpperInvariant() }).ResponseAsync);
        var changed = await Operator.Users.ChangeUserEmailAsync(new ChangeUserEmailRequest { OrganizationId = organization.Id, UserId = "ada", Email = "ada@new.example" });
        var fresh = CapturedMail.Link(await gateway.Mail.LatestAsync("ada@new.example", MessageKind.Activation));
        var oldLink = await Rpc.StatusAsync(() => gateway.Anonymous.Sessions.RedeemLinkAsync(new RedeemLinkRequest
            { OrganizationId = organization.Id, UserId = "ada", Token = old.Token, Password = TestOrganization.Password }).ResponseAsync);
        await gateway.Anonymous.Sessions.RedeemLinkAsync(new RedeemLinkRequest { OrganizationId = organization.Id, UserId = "ada", Token = fresh.Token, Password = TestOrganization.Password });
        var found = await Operator.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = organization.Id, Query = "new.example" });

        Assert.Equal(StatusCode.AlreadyExists, taken);
        Assert.Equal("ada@new.example", changed.Email);
        Assert.Equal(StatusCode.PermissionDenied, oldLink);
        Assert.Equal([("ada", UserState.Active)], found.Users.Select(user => (user.UserId, user.State)));
    }

    [Fact, Trait("Rule", "ORG-5"), Trait("Rule", "USR-2")]
    public async Task Domain_invitations_need_trusted_domains_and_are_validated_as_a_whole()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        SendDomainInvitationsRequest Invite(params string[] emails) => new()
        {
            OrganizationId = organization.Id,
            Invitees = { emails.Select(email => new Invitee { Email = email, GivenName = "In", FamilyName = "Vitee" }) },
        };

        var noDomains = await Rpc.StatusAsync(() => Operator.Users.SendDomainInvitationsAsync(Invite("x@example.org")).ResponseAsync);
        await Operator.Organizations.UpdateSettingsAsync(new UpdateSettingsRequest
        {
            OrganizationId = organization.Id,
            Settings = new OrganizationSettings { Authentication = new AuthenticationSettings { MinimumPasswordLength = 10, TrustedEmailDomains = { "example.org" } } },
            UpdateMask = new FieldMask { Paths = { "authentication" } },
        });
        var oneOutside = await Rpc.StatusAsync(() => Operator.Users.SendDomainInvitationsAsync(Invite("x@example.org", "y@elsewhere.test")).ResponseAsync);
        var usersAfterRefusal = (await Operator.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = organization.Id })).Users.Count;
        var invited = await Operator.Users.SendDomainInvitationsAsync(Invite("x@example.org", "y@EXAMPLE.org"));
        await gateway.Mail.LatestAsync("y@EXAMPLE.org", MessageKind.Activation);

        Assert.Equal(StatusCode.FailedPrecondition, noDomains);
        Assert.Equal(StatusCode.FailedPrecondition, oneOutside);
        Assert.Equal(1, usersAfterRefusal);
        Assert.Equal(2, invited.Users.Count);
        Assert.All(invited.Users, user => Assert.Equal(UserState.NotActivated, user.State));
    }

    [Fact, Trait("Rule", "ADM-1"), Trait("Rule", "ORG-2")]
    public async Task Billing_dashboard_and_activity_report_count_what_the_organization_holds()
    {
        var organization = await TestOrganization.CreateAsync(gateway, plan: Plan.Enterprise, addOns: AddOn.DataGovernance);
        await organization.UnitAsync("u1");
        var member = await organization.MemberAsync("member");
        await organization.UserAsync("pending");
        await Operator.Users.SuspendUserAsync(new SuspendUserRequest { OrganizationId = organization.Id, UserId = "pending" });
        await Rpc.StatusAsync(() => member.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = organization.Id }).ResponseAsync);
        await member.Users.EndSessionsAsync(new EndSessionsRequest { OrganizationId = organization.Id, UserId = "member" });

        var billing = await Operator.Billing.AddLicensesAsync(new AddLicensesRequest { OrganizationId = organization.Id, Count = 25 });
        var tooMany = await Rpc.StatusAsync(() => Operator.Billing.AddLicensesAsync(new AddLicensesRequest { OrganizationId = organization.Id, Count = 0 }).ResponseAsync);
        var dashboard = await Operator.Reports.GetDashboardAsync(new GetDashboardRequest { OrganizationId = organization.Id });
        var report = await Operator.Reports.GetActivityReportAsync(new GetActivityReportRequest { OrganizationId = organization.Id });

        Assert.Equal((Plan.Enterprise, 25, 3), (billing.Plan, billing.Licenses, billing.Users));
        Assert.Equal([AddOn.DataGovernance], billing.AddOns);
        Assert.Equal(StatusCode.InvalidArgument, tooMany);
        Assert.Equal((1, 1, 1, 1, 8, 0), (dashboard.UsersNotActivated, dashboard.UsersActive, dashboard.UsersSuspended, dashboard.Units, dashboard.Roles, dashboard.ActiveAdministrators));
        Assert.NotEmpty(dashboard.Warning);
        Assert.Equal([("member", 2, 1)], report.Users.Select(user => (user.UserId, user.Calls, user.Refused)));
    }
}
