namespace Authz.Gateway;

/// <summary>What the gateway leaves out of its log, so that what a developer needs (the activation links) stands out.</summary>
public static class GatewayLogging
{
    public static WebApplicationBuilder AddGatewayLogging(this WebApplicationBuilder builder)
    {
        // grpc-dotnet logs, at information level and with a stack trace, every call a client ends early and every
        // call to a service it does not serve: grpcurl does both on each reflection request. Failures of the
        // service itself are logged at error level and stay.
        builder.Logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Warning);

        // The host's "Hosting environment: Production" says nothing about the mode (the storage line at start does)
        // and misled in the development default; the listening address is still logged.
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        return builder;
    }
}
