using Authz.Api.V1;
using Microsoft.AspNetCore.WebUtilities;
using MimeKit;

namespace Authz.Tests.Smtp;

/// <summary>The outbox delivers through MailKit to a real SMTP server on loopback, and the received mail's link works.</summary>
public sealed class SmtpDeliveryTests(SmtpGatewayFixture gateway) : IClassFixture<SmtpGatewayFixture>
{
    private const string Password = "correct horse battery staple";

    [SkippableFact, Trait("Rule", "USR-2"), Trait("Rule", "USR-4")]
    public async Task USR2_USR4_the_activation_link_and_the_confirmation_arrive_through_a_real_smtp_server()
    {
        if (gateway.Unavailable is { } reason)
        {
            if (SmtpGatewayFixture.IsCi)
            {
                Assert.Fail($"CI=true and the SMTP sink cannot run: {reason}");
            }

            throw new SkipException($"no local SMTP server: {reason} (apt-get install python3-aiosmtpd; .ci/run does)");
        }

        var organizationId = GatewayFixture.NewOrganizationId("smtp");
        var email = $"admin-{Guid.NewGuid():N}@example.org";
        await gateway.Operator.Organizations.CreateOrganizationAsync(new CreateOrganizationRequest
        {
            OrganizationId = organizationId, DisplayName = "SMTP delivery", Plan = Plan.Advanced, Structure = Structure.Hierarchical,
            Administrator = new NewUser { UserId = "admin", Email = email, GivenName = "Ada", FamilyName = "Mailer" },
        });

        var activation = await gateway.Sink.WaitForAsync(email, "Activate your account");
        Assert.Equal(SmtpGatewayFixture.From, activation.From.Mailboxes.Single().Address);
        var link = SingleLink(activation);
        Assert.Equal($"{SmtpGatewayFixture.LinkBaseUrl}/activate", link.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(link.Query);
        Assert.Equal(organizationId, query["organization_id"].ToString());
        Assert.Equal("admin", query["user_id"].ToString());

        var redeemed = await gateway.Anonymous.Sessions.RedeemLinkAsync(new RedeemLinkRequest
        {
            OrganizationId = organizationId, UserId = "admin", Token = query["token"].ToString(), Password = Password,
        });
        Assert.Equal("activation", redeemed.Purpose);

        var confirmation = await gateway.Sink.WaitForAsync(email, "Your account is active");
        Assert.Contains($"'{organizationId}' is now active", confirmation.TextBody);

        var session = await gateway.Anonymous.Sessions.SignInAsync(new SignInRequest { OrganizationId = organizationId, Email = email, Password = Password });
        var organization = await gateway.As(session.AccessToken).Organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = organizationId });
        Assert.Equal(organizationId, organization.OrganizationId);
    }

    /// <summary>The one link in the plain-text body, decoded from whatever transfer encoding MailKit chose.</summary>
    private static Uri SingleLink(MimeMessage message)
    {
        Assert.NotNull(message.TextBody);
        var url = message.TextBody.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("http", StringComparison.Ordinal));
        return new Uri(url);
    }
}
