using Authz.Api.V1;
using Authz.Gateway;
using Authz.Load;
using Authz.Silo;
using Authz.Tests.Storage;
using Npgsql;
using Xunit.Abstractions;

namespace Authz.Tests.Cluster;

/// <summary>
/// A silo holds at most <c>Orleans:MaxDatabaseConnections</c> connections, whatever the burst: writes across hundreds of
/// grains at once wait for a pooled connection instead of opening one each, and none fails.
/// </summary>
public sealed class ConnectionBudgetTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int SiloConnections = 5;
    private const int Organizations = 300;
    private const int WritesAtOnce = 64;

    /// <summary>Outside the hosts' pools: the fixture's schema connection, and a health probe's pool of one per host.</summary>
    private const int OtherConnections = 3;

    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan BurstLimit = TimeSpan.FromMinutes(3);

    [SkippableFact]
    public async Task A_burst_of_writes_across_many_grains_queues_on_the_silos_connections_and_every_write_succeeds()
    {
        postgres.SkipIfUnavailable();
        var connectionString = await postgres.CreateDatabaseAsync("budget");
        await using var service = new ClusteredService(connectionString);
        await service.StartSiloAsync($"--Orleans:MaxDatabaseConnections={SiloConnections}");
        var api = (await service.StartGatewayAsync()).Operator;
        using var timeout = new CancellationTokenSource(BurstLimit);

        var written = 0;
        var burst = Parallel.ForEachAsync(Enumerable.Range(0, Organizations), new ParallelOptions { MaxDegreeOfParallelism = WritesAtOnce }, async (index, _) =>
        {
            await WriteOrganizationAsync(api, $"budget-{index}");
            Interlocked.Increment(ref written);
        });
        var peak = await SamplePeakConnectionsAsync(connectionString, burst, timeout.Token);
        await burst;

        output.WriteLine($"peak connections during {Organizations} organizations written {WritesAtOnce} at once: silo {peak.Silo}, gateway {peak.Gateway}, all {peak.All}");
        Assert.InRange(peak.Silo, 1, SiloConnections);
        Assert.InRange(peak.Gateway, 0, ClusterClient.MaxDatabaseConnections);
        Assert.InRange(peak.All, 1, SiloConnections + ClusterClient.MaxDatabaseConnections + OtherConnections);
        Assert.Equal(Organizations, written);
    }

    /// <summary>An organization, a unit and a user: writes to several grains, each its own storage write.</summary>
    private static async Task WriteOrganizationAsync(ApiClients api, string organizationId)
    {
        await api.Organizations.CreateOrganizationAsync(TenantLoader.NewOrganization(organizationId, organizationId));
        await Task.WhenAll(
            api.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = organizationId, UnitId = "hq", DisplayName = "Headquarters" }).ResponseAsync,
            api.Users.CreateUserAsync(new CreateUserRequest
            {
                OrganizationId = organizationId, UserId = "member", Email = $"member@{organizationId}.example", GivenName = "Member", FamilyName = organizationId,
            }).ResponseAsync);
    }

    /// <summary>
    /// The most connections to the test database <c>pg_stat_activity</c> showed at once while <paramref name="burst"/>
    /// ran: the silo's and the gateway's (by their application names) and all; sampled from the server's maintenance database, unpooled.
    /// </summary>
    private static async Task<(int Silo, int Gateway, int All)> SamplePeakConnectionsAsync(string connectionString, Task burst, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE application_name = @silo)::int, count(*) FILTER (WHERE application_name = @gateway)::int, count(*)::int
            FROM pg_stat_activity WHERE datname = @database
            """, connection);
        count.Parameters.AddWithValue("silo", SiloConfiguration.DatabaseApplicationName);
        count.Parameters.AddWithValue("gateway", ClusterClient.DatabaseApplicationName);
        count.Parameters.AddWithValue("database", database);
        int silo = 0, gateway = 0, all = 0;
        while (!burst.IsCompleted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using (var reader = await count.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                silo = Math.Max(silo, reader.GetInt32(0));
                gateway = Math.Max(gateway, reader.GetInt32(1));
                all = Math.Max(all, reader.GetInt32(2));
            }

            await Task.Delay(SampleInterval, cancellationToken);
        }

        return (silo, gateway, all);
    }
}
