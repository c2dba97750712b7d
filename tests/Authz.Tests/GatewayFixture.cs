using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Authz.Api.V1;
using Authz.Gateway;
using Authz.Gateway.Security;
using Authz.Grains.Domain;
using Authz.Grains.Messaging;
using Authz.Grains.Units;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Authz.Tests;

/// <summary>
/// The real gateway (with its co-hosted development silo) on a loopback port, and gRPC clients over a real
/// channel. Shared by the API tests; each test works in an organization of its own. The plain client
/// properties call as the operator; <see cref="As"/> calls with any other credential.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string OperatorKey = "op_test-operator-key";
    public const string LinkBaseUrl = "https://console.test";

    private readonly string[] _configuration;
    private WebApplication? _app;
    private Task? _stopping;

    public GatewayFixture()
        : this([])
    {
    }

    /// <summary>A gateway of its own, with configuration added to (or overriding) the shared one's.</summary>
    internal GatewayFixture(params string[] configuration) => _configuration = configuration;

    public static AuthOptions Auth { get; } = new()
    {
        SigningKeys = [Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))],
        OperatorKey = OperatorKey,
    };

    /// <summary>Reads and seals revision tokens exactly as the gateway does.</summary>
    public static RevisionTokenCodec RevisionTokens { get; } = new(Auth.SigningKeys.Select(Convert.FromBase64String));

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>Where the gateway listens, <c>http://127.0.0.1:port</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public CapturedMail Mail { get; } = new();

    /// <summary>Issues tokens exactly as the gateway does.</summary>
    public TokenService Tokens { get; } = new(Auth, TimeProvider.System);

    public ApiClients Operator { get; private set; } = null!;

    public ApiClients Anonymous { get; private set; } = null!;

    public Organizations.OrganizationsClient Organizations => Operator.Organizations;

    public Units.UnitsClient Units => Operator.Units;

    public Users.UsersClient Users => Operator.Users;

    public Permissions.PermissionsClient Permissions => Operator.Permissions;

    public Roles.RolesClient Roles => Operator.Roles;

    public Assignments.AssignmentsClient Assignments => Operator.Assignments;

    public Checks.ChecksClient Checks => Operator.Checks;

    /// <summary>The gateway's services, to observe what a test cannot see through the API (caches, activations).</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>The co-hosted silo's grains, to look at them from the inside or seed state no RPC can make quickly.</summary>
    public IGrainFactory Grains => _app!.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The check views of the co-hosted silo's units.</summary>
    public LocalUnitViews Views => _app!.Services.GetRequiredService<LocalUnitViews>();

    public async Task InitializeAsync()
    {
        _app = GatewayApp.Build(
        [
            "--Gateway:Port=0",
            $"--Orleans:SiloPort={Loopback.FreePort()}",
            $"--Orleans:GatewayPort={Loopback.FreePort()}",
            "--Logging:LogLevel:Default=Warning",
            $"--Auth:SigningKeys:0={Auth.SigningKeys[0]}",
            $"--Auth:OperatorKey={OperatorKey}",
            $"--Messages:LinkBaseUrl={LinkBaseUrl}",

            // Every API test signs in from 127.0.0.1; the limit itself is tested on a gateway of its own.
            "--AnonymousCallers:SessionCallsPerWindow=1000000",
            .. _configuration,
        ], builder => builder.Services.AddSingleton<IMessageSender>(Mail));
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        Channel = GrpcChannel.ForAddress(Address);
        Operator = As(OperatorKey);
        Anonymous = new ApiClients(Channel.CreateCallInvoker());
    }

    /// <summary>Clients that send <c>authorization: Bearer <paramref name="credential"/></c>.</summary>
    public ApiClients As(string credential) =>
        new(Channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {credential}");
            return metadata;
        }));

    /// <summary>Stops the gateway as its host would on SIGTERM, leaving the channel open to see how calls end; once only.</summary>
    public Task StopAsync() => _stopping ??= _app!.StopAsync();

    public async Task DisposeAsync()
    {
        Channel.Dispose();
        if (_app is not null)
        {
            await StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A fresh organization id, so tests never see each other's data.</summary>
    public static string NewOrganizationId(string prefix = "org") => $"{prefix}-{Guid.NewGuid():N}"[..32];

}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
