using System.Net;
using Authz.Api.V1;
using Authz.Silo;
using Authz.Tests.Storage;
using Grpc.Core;
using Grpc.Health.V1;
using Npgsql;

namespace Authz.Tests.Cluster;

/// <summary>The database goes away under a running cluster (a proxy in front of PostgreSQL drops and refuses every connection) and comes back.</summary>
public sealed class StorageOutageTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [SkippableFact]
    public async Task Without_the_database_writes_are_unavailable_and_active_grains_still_answer_and_writes_succeed_once_it_returns()
    {
        postgres.SkipIfUnavailable();
        var direct = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("outage"));
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Parse(direct.Host!), direct.Port));
        var throughProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 2, CommandTimeout = 5 };
        await using var service = new ClusteredService(throughProxy.ConnectionString);
        var silo = await service.StartSiloAsync();
        var gateway = await service.StartGatewayAsync();
        var api = gateway.Operator;
        const string OrganizationId = "outage";
        var token = await ServiceData.WriteAsync(api, OrganizationId);
        Assert.True(await AllowedAsync(api, "alice", "north-1", "docs.write", token));
        Assert.True(await AllowedAsync(api, "carol", "south", "docs.read", token));

        proxy.Cut();

        var write = await Assert.ThrowsAsync<RpcException>(() => AssignAsync(api, "carol", "north"));
        Assert.Equal(StatusCode.Unavailable, write.StatusCode);
        var unit = await Assert.ThrowsAsync<RpcException>(async () => await api.Units.CreateUnitAsync(
            new CreateUnitRequest { OrganizationId = OrganizationId, UnitId = "east", DisplayName = "East", ParentUnitId = "hq" }));
        Assert.Equal(StatusCode.Unavailable, unit.StatusCode);
        Assert.True(await AllowedAsync(api, "alice", "north-1", "docs.write", token));
        Assert.True(await AllowedAsync(api, "carol", "south", "docs.read", token));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await gateway.HealthAsync());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await silo.HealthAsync());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await gateway.HealthAsync(AuthzHealthChecks.Liveness));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await silo.HealthAsync(AuthzHealthChecks.Liveness));

        proxy.Restore();

        var assigned = await Eventually.SucceedsAsync(() => AssignAsync(api, "carol", "north"), TimeSpan.FromSeconds(30));
        Assert.True(await AllowedAsync(api, "carol", "north", "docs.read", assigned.RevisionToken));
        var units = await api.Units.ListUnitsAsync(new ListUnitsRequest { OrganizationId = OrganizationId });
        Assert.DoesNotContain(units.Units, listed => listed.UnitId == "east");
        await Eventually.TrueAsync(async () => await gateway.HealthAsync() == HealthCheckResponse.Types.ServingStatus.Serving, TimeSpan.FromSeconds(30));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await silo.HealthAsync());
    }

    private static async Task<Assignment> AssignAsync(ApiClients api, string userId, string unitId) =>
        await api.Assignments.AssignRolesAsync(new AssignRolesRequest { OrganizationId = "outage", UserId = userId, UnitId = unitId, RoleIds = { "reader" } });

    private static async Task<bool> AllowedAsync(ApiClients api, string userId, string unitId, string permissionId, string token) =>
        (await api.Checks.CheckAsync(new CheckRequest
        {
            OrganizationId = "outage", UserId = userId, UnitId = unitId, PermissionId = permissionId, RevisionToken = token,
        })).Allowed;
}
