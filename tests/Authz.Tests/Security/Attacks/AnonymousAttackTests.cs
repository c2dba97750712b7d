using Authz.Api.V1;
using Authz.Gateway.Security;
using Authz.Grains.Domain;
using Authz.Tests.Api;
using Grpc.Core;

namespace Authz.Tests.Security.Attacks;

/// <summary>
/// Attacks of callers with no credential (issue 13, findings 6, 7 and 8): guessing passwords, probing which
/// organizations and e-mails exist, and spending the service's memory and audit log with calls anyone can make.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AnonymousAttackTests(GatewayFixture gateway)
{
    private const string WrongPassword = "wrong horse battery staple";

    private Sessions.SessionsClient Sessions => gateway.Anonymous.Sessions;

    [Fact]
    public async Task After_five_wrong_passwords_the_right_one_is_refused_exactly_like_a_wrong_one()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.MemberAsync("ada");
        var wrong = await RefusalAsync(organization.Id, TestOrganization.Email("ada"), WrongPassword);
        for (var i = 1; i < SignInLockout.FreeFailures; i++)
        {
            await RefusalAsync(organization.Id, TestOrganization.Email("ada"), WrongPassword);
        }

        var right = await RefusalAsync(organization.Id, TestOrganization.Email("ada"), TestOrganization.Password);

        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.Equal(wrong, right);
    }

    /// <summary>
    /// The same status and message; the same time by construction: every refusal verifies the password once, against
    /// the account's hash or a decoy with the same parameters (see SignInLockoutTests).
    /// </summary>
    [Fact]
    public async Task An_unknown_organization_or_e_mail_answers_exactly_like_a_wrong_password()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var admin = TestOrganization.Email(TestOrganization.FirstAdministrator);
        await organization.ActivateAsync(TestOrganization.FirstAdministrator);

        var wrong = await RefusalAsync(organization.Id, admin, WrongPassword);
        var unknownEmail = await RefusalAsync(organization.Id, "nobody@example.org", WrongPassword);
        var unknownOrganization = await RefusalAsync(GatewayFixture.NewOrganizationId("missing"), admin, WrongPassword);

        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.Equal(wrong, unknownEmail);
        Assert.Equal(wrong, unknownOrganization);
    }

    [Fact]
    public async Task A_link_of_an_unknown_organization_answers_exactly_like_one_of_an_unknown_user()
    {
        var organization = await TestOrganization.CreateAsync(gateway);

        var unknownUser = await RedeemRefusalAsync(organization.Id, "nobody");
        var unknownOrganization = await RedeemRefusalAsync(GatewayFixture.NewOrganizationId("missing"), "nobody");

        Assert.Equal(StatusCode.PermissionDenied, unknownUser.StatusCode);
        Assert.Equal(unknownUser, unknownOrganization);
    }

    [Fact]
    public async Task Anonymous_calls_naming_organizations_that_do_not_exist_activate_no_grain_of_theirs()
    {
        var missing = Enumerable.Range(0, 20).Select(_ => GatewayFixture.NewOrganizationId("ghost")).ToArray();
        var randomKey = gateway.As($"{ApiKeyCredential.Prefix}{Guid.NewGuid():N}_{Guid.NewGuid():N}");

        foreach (var organizationId in missing)
        {
            await Rpc.StatusAsync(() => Sessions.SignInAsync(new SignInRequest { OrganizationId = organizationId, Email = "a@example.org", Password = WrongPassword }).ResponseAsync);
            await Rpc.StatusAsync(() => Sessions.RedeemLinkAsync(new RedeemLinkRequest { OrganizationId = organizationId, UserId = "admin", Token = "forged" }).ResponseAsync);
            await Rpc.StatusAsync(() => gateway.Anonymous.Checks.CheckAsync(Check(organizationId)).ResponseAsync);
            await Rpc.StatusAsync(() => randomKey.Checks.CheckAsync(Check(organizationId)).ResponseAsync);
            await Rpc.StatusAsync(() => gateway.Anonymous.Organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = organizationId }).ResponseAsync);
        }

        var activations = await gateway.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var theirs = activations.Select(activation => activation.GrainId.ToString()).Where(grain => missing.Any(grain.Contains)).ToArray();
        Assert.True(theirs.Length == 0, $"activated: {string.Join(", ", theirs)}");
    }

    [Fact]
    public async Task Two_hundred_anonymous_refusals_against_a_real_organization_add_one_audit_entry()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var before = await AuditCountAsync(organization.Id);

        for (var i = 0; i < 200; i++)
        {
            var status = await Rpc.StatusAsync(() => (i % 20) switch
            {
                0 => Sessions.SignInAsync(new SignInRequest { OrganizationId = organization.Id, Email = $"nobody{i}@example.org", Password = WrongPassword }).ResponseAsync,
                1 => Sessions.RedeemLinkAsync(new RedeemLinkRequest { OrganizationId = organization.Id, UserId = "admin", Token = $"forged-{i}" }).ResponseAsync,
                _ => gateway.Anonymous.Checks.CheckAsync(Check(organization.Id)).ResponseAsync,
            });
            Assert.NotEqual(StatusCode.OK, status);
        }

        Assert.Equal(before + 1, await AuditCountAsync(organization.Id));
        var entry = (await gateway.Operator.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { OrganizationId = organization.Id, PageSize = 1 })).Events.Single();
        Assert.Equal(("anonymous", "authz.v1.Sessions/SignIn", "UNAUTHENTICATED"), (entry.Actor, entry.Action, entry.Outcome));
    }

    [Fact]
    public async Task Sign_in_and_link_calls_beyond_the_limit_of_a_source_answer_resource_exhausted()
    {
        // A gateway of its own with a small limit: the shared one must let every API test sign in from 127.0.0.1.
        var limited = new GatewayFixture("--AnonymousCallers:SessionCallsPerWindow=3", "--AnonymousCallers:SessionWindow=01:00:00");
        await limited.InitializeAsync();
        try
        {
            var sessions = limited.Anonymous.Sessions;
            var organizationId = GatewayFixture.NewOrganizationId("limited");
            var signIn = new SignInRequest { OrganizationId = organizationId, Email = "a@example.org", Password = WrongPassword };
            var allowed = new List<StatusCode>();
            for (var i = 0; i < 3; i++)
            {
                allowed.Add(await Rpc.StatusAsync(() => sessions.SignInAsync(signIn).ResponseAsync));
            }

            var overSignIn = await Assert.ThrowsAsync<RpcException>(() => sessions.SignInAsync(signIn).ResponseAsync);
            var overLink = await Rpc.StatusAsync(() => sessions.RedeemLinkAsync(new RedeemLinkRequest { OrganizationId = organizationId, UserId = "admin", Token = "forged" }).ResponseAsync);
            var otherRpc = await Rpc.StatusAsync(() => limited.Anonymous.Checks.CheckAsync(Check(organizationId)).ResponseAsync);

            Assert.All(allowed, status => Assert.Equal(StatusCode.Unauthenticated, status));
            Assert.Equal(StatusCode.ResourceExhausted, overSignIn.StatusCode);
            Assert.Contains("try again later", overSignIn.Status.Detail);
            Assert.Equal(StatusCode.ResourceExhausted, overLink);
            Assert.Equal(StatusCode.Unauthenticated, otherRpc);
        }
        finally
        {
            await limited.DisposeAsync();
        }
    }

    private static CheckRequest Check(string organizationId) =>
        new() { OrganizationId = organizationId, UserId = "admin", UnitId = "u1", PermissionId = "docs.read" };

    private async Task<(StatusCode StatusCode, string Detail)> RefusalAsync(string organizationId, string email, string password)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Sessions.SignInAsync(new SignInRequest { OrganizationId = organizationId, Email = email, Password = password }).ResponseAsync);
        return (error.StatusCode, error.Status.Detail);
    }

    private async Task<(StatusCode StatusCode, string Detail)> RedeemRefusalAsync(string organizationId, string userId)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Sessions.RedeemLinkAsync(new RedeemLinkRequest { OrganizationId = organizationId, UserId = userId, Token = "forged", Password = WrongPassword }).ResponseAsync);
        return (error.StatusCode, error.Status.Detail);
    }

    private async Task<long> AuditCountAsync(string organizationId) =>
        (await gateway.Operator.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { OrganizationId = organizationId, PageSize = 1 })).Events
            .Select(audit => audit.Sequence).FirstOrDefault();
}
