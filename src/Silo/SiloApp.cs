using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Authz.Silo;

/// <summary>The silo host: an Orleans silo, and a gRPC health endpoint for its probes.</summary>
public static class SiloApp
{
    /// <summary>The command-line switch that applies the database schema (<c>ConnectionStrings:Authz</c>) and exits.</summary>
    public const string SetupDatabaseSwitch = "--setup-database";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
        var health = builder.Configuration.GetSection(HealthEndpointOptions.Section).Get<HealthEndpointOptions>() ?? new HealthEndpointOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(System.Net.IPAddress.Parse(health.Address), health.Port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.UseOrleans(silo => silo.AddAuthzSilo(builder.Configuration));
        builder.Services.AddGrpc();
        builder.Services.AddAuthzGrpcHealthChecks()
            .AddCheck<SiloMembershipHealthCheck>("membership")
            .AddStorageCheck(AuthzSiloOptions.From(builder.Configuration).Database);
        builder.Services.AddAuthzTelemetry("authz-silo");
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGrpcHealthChecksService();
        app.Lifetime.ApplicationStarted.Register(() => SiloConfiguration.LogStorageMode(app.Logger, app.Configuration));
        return app;
    }
}
