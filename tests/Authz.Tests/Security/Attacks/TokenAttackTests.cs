using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;
using Authz.Api.V1;
using Authz.Tests.Api;
using Grpc.Core;
using RevisionToken = Authz.Grains.Domain.RevisionToken;

namespace Authz.Tests.Security.Attacks;

/// <summary>Finding 9: revision tokens are bound to their organization and sealed; Watch never goes silent on a bad revision.</summary>
[Collection(GatewayCollection.Name)]
public sealed partial class TokenAttackTests(GatewayFixture gateway)
{
    [Fact, Trait("Rule", "CHK-4")]
    public async Task Finding9_a_token_of_another_organization_is_invalid_argument()
    {
        var acme = await OrganizationWithReaderAsync();
        var beta = await OrganizationWithReaderAsync();
        var betaToken = beta.Revision;

        var check = await Rpc.StatusAsync(() => CheckAsync(acme, betaToken));
        var list = await Rpc.StatusAsync(() => gateway.Assignments.ListAssignmentsAsync(new ListAssignmentsRequest { OrganizationId = acme.Id, RevisionToken = betaToken }).ResponseAsync);
        var watch = await WatchAsync(acme, betaToken);

        Assert.Equal(StatusCode.InvalidArgument, check);
        Assert.Equal(StatusCode.InvalidArgument, list);
        Assert.Equal((StatusCode.InvalidArgument, 0), watch);
        Assert.True(await CheckAsync(acme, acme.Revision));
        Assert.True(await CheckAsync(beta, betaToken));
    }

    [Fact, Trait("Rule", "CHK-4")]
    public async Task Finding9_a_forged_or_altered_token_is_invalid_argument()
    {
        var acme = await OrganizationWithReaderAsync();
        var issued = acme.Revision;
        var forged = WithRevision(issued, 1_000_000);
        var flipped = issued[..5] + (issued[5] == 'A' ? 'B' : 'A') + issued[6..];

        var forgedCheck = await Rpc.StatusAsync(() => CheckAsync(acme, forged));
        var flippedCheck = await Rpc.StatusAsync(() => CheckAsync(acme, flipped));
        var forgedWatch = await WatchAsync(acme, forged);

        Assert.Equal(StatusCode.InvalidArgument, forgedCheck);
        Assert.Equal(StatusCode.InvalidArgument, flippedCheck);
        Assert.Equal((StatusCode.InvalidArgument, 0), forgedWatch);
        Assert.True(await CheckAsync(acme, issued));
    }

    [Fact, Trait("Rule", "CHK-5")]
    public async Task Finding9_a_watch_from_a_revision_ahead_of_the_organization_head_is_failed_precondition()
    {
        var acme = await OrganizationWithReaderAsync();
        var head = GatewayFixture.RevisionTokens.Decode(acme.Id, acme.Revision)!.Revision;
        var ahead = GatewayFixture.RevisionTokens.Encode(acme.Id, new RevisionToken(head + 1_000_000));

        var watch = await WatchAsync(acme, ahead);

        Assert.Equal((StatusCode.FailedPrecondition, 0), watch);
        Assert.True(await CheckAsync(acme, acme.Revision));
    }

    private async Task<TestOrganization> OrganizationWithReaderAsync()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.PermissionAsync("doc.read");
        await organization.RoleAsync("reader", "doc.read");
        await organization.UnitAsync("hq");
        await organization.UserAsync("ada");
        await organization.AssignAsync("ada", "hq", "reader");
        return organization;
    }

    private async Task<bool> CheckAsync(TestOrganization organization, string revisionToken) =>
        (await gateway.Checks.CheckAsync(new CheckRequest
        {
            OrganizationId = organization.Id, UserId = "ada", UnitId = "hq", PermissionId = "doc.read", RevisionToken = revisionToken,
        })).Allowed;

    /// <summary>How a watch from <paramref name="revisionToken"/> ended within 3 s, and how many changes it delivered.</summary>
    private async Task<(StatusCode Status, int Delivered)> WatchAsync(TestOrganization organization, string revisionToken)
    {
        var delivered = 0;
        var status = await Rpc.StatusAsync(async () =>
        {
            using var watch = gateway.Assignments.Watch(
                new WatchRequest { OrganizationId = organization.Id, RevisionToken = revisionToken }, deadline: DateTime.UtcNow.AddSeconds(3));
            while (await watch.ResponseStream.MoveNext(CancellationToken.None))
            {
                delivered++;
            }
        });
        return (status, delivered);
    }

    /// <summary>The token with the revision in its text replaced and its seal, if it has one, left as it was.</summary>
    private static string WithRevision(string token, long revision)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars((dot < 0 ? token : token[..dot]).AsSpan()));
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(FirstNumber().Replace(text, $";{revision}", 1)));
        return dot < 0 ? forged : forged + token[dot..];
    }

    [GeneratedRegex(";[0-9]+(?=;|$)")]
    private static partial Regex FirstNumber();
}
