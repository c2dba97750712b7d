using Authz.Tests.Freshness;

namespace Authz.Tests.Api;

/// <summary>A revision token covers every write acknowledged in its organization before it was issued (CHK-4).</summary>
[Collection(GatewayCollection.Name)]
public sealed class TokenFreshnessTests(GatewayFixture gateway)
{
    [Fact, Trait("Rule", "CHK-4")]
    public async Task A_check_with_the_latest_token_sees_an_inheritance_switched_off_before_a_write_at_another_unit()
    {
        var stale = await CrossWriteScenario.StaleCyclesAsync(gateway.Operator, GatewayFixture.NewOrganizationId());

        Assert.True(stale.Length == 0, $"{stale.Length} of {CrossWriteScenario.Cycles} checks answered older than their token (cycles {string.Join(", ", stale)})");
    }
}
