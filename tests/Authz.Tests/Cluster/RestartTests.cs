using Authz.Tests.Storage;
using Grpc.Health.V1;

namespace Authz.Tests.Cluster;

/// <summary>The whole cluster stops and starts again on the same PostgreSQL database.</summary>
public sealed class RestartTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [SkippableFact]
    public async Task Everything_written_before_a_full_restart_is_there_after_it_and_checks_answer_the_same()
    {
        postgres.SkipIfUnavailable();
        var database = await postgres.CreateDatabaseAsync("restart");
        var clusterId = $"restart-{Guid.NewGuid():N}"[..16];
        const string OrganizationId = "durable";

        await using var before = new ClusteredService(database, clusterId);
        await before.StartSiloAsync();
        var gateway = await before.StartGatewayAsync();
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await gateway.HealthAsync());
        var token = await ServiceData.WriteAsync(gateway.Operator, OrganizationId);
        var written = await ServiceData.ReadAsync(gateway.Operator, OrganizationId, token);
        Assert.Contains("alice north-1 docs.write: True", written);
        Assert.Contains("bob north-1 docs.read: True", written);
        Assert.Contains("carol north docs.read: False", written);
        await before.StopAllAsync();

        await using var after = new ClusteredService(database, clusterId);
        await after.StartSiloAsync();
        var restarted = await after.StartGatewayAsync();
        Assert.Equal(written, await ServiceData.ReadAsync(restarted.Operator, OrganizationId, token));
        Assert.Equal(written, await ServiceData.ReadAsync(restarted.Operator, OrganizationId, revisionToken: ""));
    }

    [SkippableFact]
    public async Task A_gateway_whose_silos_are_gone_reports_not_serving_and_serves_again_when_a_silo_joins()
    {
        postgres.SkipIfUnavailable();
        var database = await postgres.CreateDatabaseAsync("health");
        await using var service = new ClusteredService(database);
        var silo = await service.StartSiloAsync();
        var gateway = await service.StartGatewayAsync();
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await gateway.HealthAsync());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await silo.HealthAsync());

        await silo.DisposeAsync();
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await gateway.HealthAsync());

        await service.StartSiloAsync();
        await Eventually.TrueAsync(async () => await gateway.HealthAsync() == HealthCheckResponse.Types.ServingStatus.Serving, TimeSpan.FromSeconds(60));
    }
}
