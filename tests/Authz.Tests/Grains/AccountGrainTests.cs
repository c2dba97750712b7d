using Authz.Grains;
using Authz.Grains.Audit;
using Authz.Grains.Domain;

namespace Authz.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class AccountGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private async Task<string> OrganizationAsync()
    {
        var id = GatewayFixture.NewOrganizationId();
        await Grains.Organization(id).CreateAsync("Test", Plan.Enterprise, OrganizationStructure.Flat, [], new NewUser("admin", $"admin@{id}.test", "First", "Admin"), null, null);
        return id;
    }

    private async Task<string> LinkTokenAsync(string email, MessageKind kind, int after = 0) =>
        CapturedMail.Link(await fixture.Mail.LatestAsync(email, kind, after)).Token;

    [Fact, Trait("Rule", "USR-3")]
    public async Task USR3_the_activation_link_expires_after_seven_days_and_a_resent_one_works()
    {
        var id = await OrganizationAsync();
        var email = $"ada@{id}.test";
        await Grains.UserDirectory(id).CreateUserAsync("ada", email, "Ada", "Lovelace");
        var first = await LinkTokenAsync(email, MessageKind.Activation);
        var user = Grains.User(id, "ada");

        fixture.Time.Advance(UserAccount.ActivationValidity);
        var expired = await Assert.ThrowsAsync<DomainException>(() => user.RedeemLinkAsync(first, "correct horse battery staple"));
        await user.SendLinkAsync(LinkPurpose.Activation);
        var second = await LinkTokenAsync(email, MessageKind.ActivationReminder);
        fixture.Time.Advance(UserAccount.ActivationValidity - TimeSpan.FromMinutes(1));
        var purpose = await user.RedeemLinkAsync(second, "correct horse battery staple");

        Assert.Equal(DomainError.FailedPrecondition, expired.Error);
        Assert.Equal(LinkPurpose.Activation, purpose);
        Assert.Equal(UserStatus.Active, (await user.GetAsync()).Status);
        Assert.Equal(fixture.Time.GetUtcNow(), (await user.GetAsync()).ActivateTime);
    }

    [Fact]
    public async Task The_audit_log_pages_newest_first_across_sealed_segments_and_filters_by_user()
    {
        var id = await OrganizationAsync();
        var log = Grains.GetGrain<IAuditLogGrain>(id);
        const int count = AuditLogGrain.SegmentSize * 3 + 5;
        for (var i = 1; i <= count; i++)
        {
            var user = i % 10 == 0 ? "ten" : "other";
            await log.AppendAsync(new AuditRecord("operator", null, "authz.v1.Test/Do", $"n/{i}", user, $"r{i}", "OK", ""));
        }

        var sequences = new List<long>();
        string? token = null;
        do
        {
            var page = await log.ListAsync(null, token, 50);
            sequences.AddRange(page.Entries.Select(entry => entry.Sequence));
            token = page.NextPageToken;
        }
        while (token is not null);

        var ten = new List<string>();
        token = null;
        do
        {
            var page = await log.ListAsync("ten", token, 4);
            ten.AddRange(page.Entries.Select(entry => entry.Record.Target));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(1, count).Reverse().Select(i => (long)i), sequences);
        Assert.Equal(Enumerable.Range(1, count).Where(i => i % 10 == 0).Reverse().Select(i => $"n/{i}"), ten);
        await Assert.ThrowsAsync<DomainException>(() => log.ListAsync(null, PageToken.Encode("999999"), 10));
    }

    [Fact, Trait("Rule", "ORG-1")]
    public async Task Settings_and_officers_read_back_from_storage_never_leak_into_another_organization()
    {
        var first = await OrganizationAsync();
        var organization = Grains.Organization(first);
        await organization.UpdateSettingsAsync(
            OrganizationSettings.Default with { SsoEnabled = true, TrustedEmailDomains = [$"{first}.test"], TeamFolderDelegation = new TeamFolderDelegation(true, true) },
            ["authentication", "team_folder_delegation"], callerEmail: null);
        await fixture.Cluster.DeactivateAsync(organization);
        Assert.True((await organization.GetSettingsAsync()).SsoEnabled);

        var second = await OrganizationAsync();
        var settings = await Grains.Organization(second).GetSettingsAsync();
        var officers = await Grains.Organization(second).GetOfficersAsync();

        Assert.Equal(OrganizationSettings.Default, settings with { TrustedEmailDomains = [], AllowedNetworks = [], FileEditingApps = [] });
        Assert.Empty(settings.TrustedEmailDomains);
        Assert.Equal(["admin"], officers.LegalRepresentatives);
        Assert.Empty(OrganizationSettings.Default.TrustedEmailDomains);
        Assert.Empty(Officers.None.LegalRepresentatives);
    }

    [Fact]
    public async Task The_audit_log_of_an_organization_that_does_not_exist_records_nothing()
    {
        var log = Grains.GetGrain<IAuditLogGrain>(GatewayFixture.NewOrganizationId("ghost"));

        var entry = await log.AppendAsync(new AuditRecord("anonymous", null, "authz.v1.Users/ListUsers", "users", null, "r", "UNAUTHENTICATED", ""));

        Assert.Null(entry);
        Assert.Empty((await log.ListAsync(null, null, 10)).Entries);
    }
}
