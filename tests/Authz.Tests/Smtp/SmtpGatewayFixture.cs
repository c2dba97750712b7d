using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Authz.Gateway;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Authz.Tests.Smtp;

/// <summary>
/// A second real gateway (with its co-hosted development silo) that keeps its own <c>SmtpMessageSender</c> and
/// delivers to an <see cref="SmtpSink"/> on loopback. Without python3-aiosmtpd nothing starts and
/// <see cref="Unavailable"/> says why.
/// </summary>
public sealed class SmtpGatewayFixture : IAsyncLifetime
{
    public const string LinkBaseUrl = "https://console.smtp.test";
    public const string From = "authz@mail.smtp.test";

    private readonly string _operatorKey = $"op_{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}";
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private SmtpSink? _sink;
    private WebApplication? _app;
    private GrpcChannel? _channel;

    /// <summary>CI must run every test: there a missing SMTP server fails the test instead of leaving it out.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the fixture could not start the SMTP server, or null when everything runs.</summary>
    public string? Unavailable { get; private set; }

    public SmtpSink Sink => _sink ?? throw new InvalidOperationException(Unavailable ?? "the SMTP sink is not running");

    public ApiClients Operator { get; private set; } = null!;

    public ApiClients Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var python = await SmtpSink.FindPythonAsync();
        if (python is null)
        {
            Unavailable = $"no python3 on this machine can import aiosmtpd: install {SmtpSink.Package} (apt-get install -y {SmtpSink.Package})";
            return;
        }

        _sink = await SmtpSink.StartAsync(python);
        try
        {
            await StartGatewayAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Clients that send <c>authorization: Bearer <paramref name="credential"/></c>.</summary>
    public ApiClients As(string credential) =>
        new(_channel!.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {credential}");
            return metadata;
        }));

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        _channel = null;
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }

        // After the gateway, so its outbox has nothing left to connect to.
        if (_sink is not null)
        {
            await _sink.DisposeAsync();
            _sink = null;
        }
    }

    private async Task StartGatewayAsync()
    {
        _app = GatewayApp.Build(
        [
            "--Gateway:Address=127.0.0.1",
            "--Gateway:Port=0",
            $"--Orleans:SiloPort={Loopback.FreePort()}",
            $"--Orleans:GatewayPort={Loopback.FreePort()}",
            "--Logging:LogLevel:Default=Warning",
            $"--Auth:SigningKeys:0={_signingKey}",
            $"--Auth:OperatorKey={_operatorKey}",
            $"--Messages:LinkBaseUrl={LinkBaseUrl}",
            "--Smtp:Host=127.0.0.1",
            $"--Smtp:Port={Sink.Port}",
            "--Smtp:Security=None",
            $"--Smtp:From={From}",
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _channel = GrpcChannel.ForAddress(address);
        Operator = As(_operatorKey);
        Anonymous = new ApiClients(_channel.CreateCallInvoker());
    }

}
