using Authz.Silo;
using Orleans.Configuration;

namespace Authz.Gateway;

/// <summary>The gateway as an Orleans client of silos that keep their membership in the database.</summary>
public static class ClusterClient
{
    public static IClientBuilder AddAuthzClient(this IClientBuilder client, AuthzSiloOptions options, AdoNetDatabase database)
    {
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        client.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = database.Invariant;
            clustering.ConnectionString = database.ConnectionString;
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
