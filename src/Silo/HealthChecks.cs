using Microsoft.Extensions.Diagnostics.HealthChecks;
using Authz.Silo.Database;

namespace Authz.Silo;

/// <summary>The <c>Health</c> configuration section: where a silo answers gRPC health checks (its Kubernetes probes).</summary>
public sealed class HealthEndpointOptions
{
    public const string Section = "Health";

    public string Address { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 8081;
}

/// <summary>Healthy while the database answers a query within two seconds.</summary>
public sealed class StorageHealthCheck(AdoNetDatabase database) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await DatabaseSchema.IsReachableAsync(database.ConnectionString, Timeout, cancellationToken)
            ? HealthCheckResult.Healthy("the database answers")
            : HealthCheckResult.Unhealthy($"the database does not answer within {Timeout.TotalSeconds:0} s");
}

/// <summary>Healthy while this silo is an active member of its cluster.</summary>
public sealed class SiloMembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("the silo is active")
            : HealthCheckResult.Unhealthy($"the silo is {status}"));
    }
}

public static class AuthzHealthChecks
{
    /// <summary>
    /// The gRPC health service a liveness probe asks for: SERVING while the process serves requests, whatever its
    /// dependencies do, so an outage of the database or of the silos does not restart every pod at once. The overall
    /// service (<c>""</c>) runs every check and is the readiness answer.
    /// </summary>
    public const string Liveness = "liveness";

    /// <summary>gRPC health checks: the overall service with every check, and <see cref="Liveness"/> with only "the process answers".</summary>
    public static IHealthChecksBuilder AddAuthzGrpcHealthChecks(this IServiceCollection services) =>
        services.AddGrpcHealthChecks(options => options.Services.Map(Liveness, check => check.Tags.Contains(Liveness)))
            .AddCheck("process", () => HealthCheckResult.Healthy("the process answers"), tags: [Liveness]);

    /// <summary>Adds the storage check when the cluster keeps its data in a database.</summary>
    public static IHealthChecksBuilder AddStorageCheck(this IHealthChecksBuilder checks, AdoNetDatabase? database) =>
        database is null ? checks : checks.AddTypeActivatedCheck<StorageHealthCheck>("storage", database);
}
