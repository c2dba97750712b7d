using Authz.Tests.Freshness;
using Authz.Tests.Storage;

namespace Authz.Tests.Cluster;

/// <summary>The cross-write token case (CHK-4) in the production hosts, on PostgreSQL.</summary>
public sealed class TokenFreshnessClusterTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [SkippableFact, Trait("Rule", "CHK-4")]
    public async Task On_PostgreSQL_a_check_with_the_latest_token_sees_an_inheritance_switched_off_before_a_write_at_another_unit()
    {
        postgres.SkipIfUnavailable();
        await using var service = new ClusteredService(await postgres.CreateDatabaseAsync("fresh"));
        await service.StartSiloAsync();
        var api = (await service.StartGatewayAsync()).Operator;

        var stale = await CrossWriteScenario.StaleCyclesAsync(api, "fresh");

        Assert.True(stale.Length == 0, $"{stale.Length} of {CrossWriteScenario.Cycles} checks answered older than their token (cycles {string.Join(", ", stale)})");
    }
}
