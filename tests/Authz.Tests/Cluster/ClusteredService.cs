using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Authz.Gateway;
using Authz.Grains.Domain;
using Authz.Silo;
using Authz.Tests.Storage;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Authz.Tests.Cluster;

/// <summary>
/// The production hosts (<see cref="SiloApp"/> and <see cref="GatewayApp"/> in <c>Orleans:Storage=AdoNet</c> mode) in
/// this process: silos and gateways of one cluster, sharing one PostgreSQL database, on loopback ports.
/// </summary>
public sealed class ClusteredService(string connectionString, string? clusterId = null) : IAsyncDisposable
{
    public const string OperatorKey = "op_cluster-test-operator-key";

    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Reads and seals revision tokens as every gateway of these clusters does.</summary>
    public static RevisionTokenCodec RevisionTokens { get; } = new([Convert.FromBase64String(SigningKey)]);

    private readonly List<RunningSilo> _silos = [];
    private readonly List<RunningGateway> _gateways = [];

    public string ClusterId { get; } = clusterId ?? $"test-{Guid.NewGuid():N}"[..16];

    /// <summary>The database the hosts use (a test may point it through a proxy).</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>Starts a silo; <paramref name="settings"/> (command-line arguments such as <c>--Orleans:X=y</c>) come last and win.</summary>
    public async Task<RunningSilo> StartSiloAsync(params string[] settings)
    {
        var app = SiloApp.Build([.. CommonArguments(),
            "--Orleans:AdvertisedAddress=127.0.0.1",
            $"--Orleans:SiloPort={Loopback.FreePort()}",
            $"--Orleans:GatewayPort={Loopback.FreePort()}",
            $"--Orleans:MaxDatabaseConnections={PostgresServer.SiloPoolSize}",
            "--Health:Port=0",
            .. settings]);
        await app.StartAsync();
        var silo = new RunningSilo(app);
        _silos.Add(silo);
        return silo;
    }

    public async Task<RunningGateway> StartGatewayAsync()
    {
        var app = GatewayApp.Build([.. CommonArguments(),
            "--Gateway:Port=0",
            $"--Auth:SigningKeys:0={SigningKey}",
            $"--Auth:OperatorKey={OperatorKey}"]);
        await app.StartAsync();
        var gateway = new RunningGateway(app);
        _gateways.Add(gateway);
        return gateway;
    }

    /// <summary>Stops every gateway, then every silo, gracefully.</summary>
    public async Task StopAllAsync()
    {
        foreach (var host in _gateways.Cast<RunningHost>().Concat(_silos).ToArray())
        {
            await host.DisposeAsync();
        }

        _gateways.Clear();
        _silos.Clear();
    }

    public async ValueTask DisposeAsync() => await StopAllAsync();

    private string[] CommonArguments() =>
    [
        "--Orleans:Storage=AdoNet",
        $"--ConnectionStrings:Authz={ConnectionString}",
        $"--Orleans:ClusterId={ClusterId}",
        "--Logging:LogLevel:Default=Warning",
    ];

}

/// <summary>A started host and a gRPC channel to it.</summary>
public abstract class RunningHost(WebApplication app) : IAsyncDisposable
{
    private bool _stopped;

    public WebApplication App { get; } = app;

    public GrpcChannel Channel { get; } = GrpcChannel.ForAddress(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    /// <summary>The gRPC health status of <paramref name="service"/>: "" is the overall (readiness) answer.</summary>
    public async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync(string service = "") =>
        (await new Health.HealthClient(Channel).CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(15))).Status;

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        Channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

public sealed class RunningSilo(WebApplication app) : RunningHost(app);

public sealed class RunningGateway(WebApplication app) : RunningHost(app)
{
    public ApiClients Operator => new(Channel.Intercept(metadata =>
    {
        metadata.Add("authorization", $"Bearer {ClusteredService.OperatorKey}");
        return metadata;
    }));
}
