using System.Net;
using System.Net.Sockets;
using Authz.Api.V1;
using Authz.Gateway;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Authz.Tests;

/// <summary>
/// The real gateway (with its co-hosted development silo) on a loopback port, and gRPC clients over a real
/// channel. Shared by the API tests; each test works in an organization of its own.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public GrpcChannel Channel { get; private set; } = null!;

    public Organizations.OrganizationsClient Organizations => new(Channel);

    public Units.UnitsClient Units => new(Channel);

    public Users.UsersClient Users => new(Channel);

    public Permissions.PermissionsClient Permissions => new(Channel);

    public Roles.RolesClient Roles => new(Channel);

    public Assignments.AssignmentsClient Assignments => new(Channel);

    public Checks.ChecksClient Checks => new(Channel);

    public async Task InitializeAsync()
    {
        _app = GatewayApp.Build(
        [
            "--Gateway:Port=0",
            $"--Orleans:SiloPort={FreePort()}",
            $"--Orleans:GatewayPort={FreePort()}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Channel = GrpcChannel.ForAddress(address);
    }

    public async Task DisposeAsync()
    {
        Channel.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A fresh organization id, so tests never see each other's data.</summary>
    public static string NewOrganizationId(string prefix = "org") => $"{prefix}-{Guid.NewGuid():N}"[..32];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
