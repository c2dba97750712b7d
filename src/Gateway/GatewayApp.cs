using Authz.Gateway.Services;
using Authz.Silo;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Authz.Gateway;

/// <summary>The gateway host: gRPC API, reflection and health, over a silo hosted in the same process.</summary>
public static class GatewayApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(System.Net.IPAddress.Parse(options.Address), options.Port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.UseOrleans(silo => silo.AddAuthzSilo(builder.Configuration));
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<DomainErrorInterceptor>();
            grpc.EnableDetailedErrors = false;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGrpcService<OrganizationsService>();
        app.MapGrpcService<UnitsService>();
        app.MapGrpcService<UsersService>();
        app.MapGrpcService<PermissionsService>();
        app.MapGrpcService<RolesService>();
        app.MapGrpcService<AssignmentsService>();
        app.MapGrpcService<ChecksService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.Lifetime.ApplicationStarted.Register(() => SiloConfiguration.LogStorageMode(app.Logger));
        return app;
    }
}
