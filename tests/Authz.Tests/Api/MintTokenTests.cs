using Authz.Api.V1;
using Authz.Gateway;

namespace Authz.Tests.Api;

/// <summary><c>mint-token</c> run against the fixture's gateway, as a developer runs it against theirs.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MintTokenTests(GatewayFixture gateway)
{
    [Theory]
    [InlineData]
    [InlineData("acme")]
    [InlineData("acme", "ada", "extra")]
    public async Task Mint_token_without_exactly_an_organization_and_a_user_prints_its_usage_and_exits_2(params string[] args)
    {
        var (exitCode, output, error) = await MintAsync(args);

        Assert.Equal(MintTokenCommand.UsageError, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("usage: ", error);
    }

    [Fact]
    public async Task Mint_token_refuses_an_unknown_organization_an_unknown_user_and_a_user_not_yet_activated()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UserAsync("newcomer");
        var unknownOrganizationId = GatewayFixture.NewOrganizationId("missing");

        var inUnknownOrganization = await MintAsync(unknownOrganizationId, "ada");
        var unknownUser = await MintAsync(organization.Id, "nobody");
        var notActivated = await MintAsync(organization.Id, "newcomer");

        Assert.Equal((MintTokenCommand.Refused, ""), (inUnknownOrganization.ExitCode, inUnknownOrganization.Output));
        Assert.Contains($"organization '{unknownOrganizationId}' not found", inUnknownOrganization.Error);
        Assert.Equal((MintTokenCommand.Refused, ""), (unknownUser.ExitCode, unknownUser.Output));
        Assert.Contains("user 'nobody' not found", unknownUser.Error);
        Assert.Equal((MintTokenCommand.Refused, ""), (notActivated.ExitCode, notActivated.Output));
        Assert.Contains("only an active user", notActivated.Error);
    }

    [Fact]
    public async Task Mint_token_prints_a_token_the_service_accepts_for_an_active_user()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UserAsync("ada");
        await organization.ActivateAsync("ada");

        var (exitCode, output, error) = await MintAsync(organization.Id, "ada");
        var self = await gateway.As(output.Trim()).Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = "ada" });

        Assert.Equal((0, ""), (exitCode, error));
        Assert.Equal(UserState.Active, self.State);
    }

    private async Task<(int ExitCode, string Output, string Error)> MintAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] settings =
        [
            $"--Gateway:Address={gateway.Address.Host}",
            $"--Gateway:Port={gateway.Address.Port}",
            $"--Auth:SigningKeys:0={GatewayFixture.Auth.SigningKeys[0]}",
            $"--Auth:OperatorKey={GatewayFixture.OperatorKey}",
        ];
        var exitCode = await MintTokenCommand.RunAsync([.. args, .. settings], output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
