using Authz.Silo;
using Orleans.Configuration;

namespace Authz.Gateway;

/// <summary>The gateway as an Orleans client of silos that keep their membership in the database.</summary>
public static class ClusterClient
{
    /// <summary>
    /// A gateway reads only the gateway list from the database, one query per refresh (every minute by default), so a
    /// second connection is already slack.
    /// </summary>
    public const int MaxDatabaseConnections = 2;

    /// <summary>How a gateway's connections are named in <c>pg_stat_activity</c>.</summary>
    public const string DatabaseApplicationName = "authz-gateway";

    public static IClientBuilder AddAuthzClient(this IClientBuilder client, AuthzSiloOptions options, AdoNetDatabase database)
    {
        var pooled = database.WithPool(MaxDatabaseConnections, DatabaseApplicationName);
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        client.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = pooled.Invariant;
            clustering.ConnectionString = pooled.ConnectionString;
        });
        client.UseConnectionRetryFilter<RetryUntilStopped>();
        client.AddActivityPropagation();
        return client;
    }

    /// <summary>
    /// A gateway started before any silo waits for one instead of exiting; its gRPC port opens once it has connected
    /// (the Kubernetes startup probe allows for that).
    /// </summary>
    private sealed class RetryUntilStopped(ILogger<RetryUntilStopped> logger) : IClientConnectionRetryFilter
    {
        private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);

        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            logger.LogWarning("No silo of the cluster answers yet ({Reason}); retrying in {Delay}", exception.Message, Delay);
            await Task.Delay(Delay, cancellationToken);
            return true;
        }
    }
}
