using Npgsql;

namespace Authz.Silo;

/// <summary>Where grain state, cluster membership and reminders live.</summary>
public enum ClusterStorage
{
    /// <summary>The development default: one silo on localhost, everything in memory, lost when the process stops.</summary>
    Memory,

    /// <summary>Production: a relational database (PostgreSQL) through Orleans' ADO.NET providers.</summary>
    AdoNet,
}

/// <summary>The <c>Orleans</c> configuration section, read by silos and by gateways (as Orleans clients).</summary>
public sealed class AuthzSiloOptions
{
    public const string Section = "Orleans";

    /// <summary>The name of the connection string (<c>ConnectionStrings:Authz</c>) used in <see cref="ClusterStorage.AdoNet"/> mode.</summary>
    public const string ConnectionStringName = "Authz";

    public ClusterStorage Storage { get; set; } = ClusterStorage.Memory;

    /// <summary>The ADO.NET provider invariant name; PostgreSQL through Npgsql is the one the project's schema is written for.</summary>
    public string AdoNetInvariant { get; set; } = "Npgsql";

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "authz-dev";

    /// <summary>Identifies the service's data; keep it stable across deployments.</summary>
    public string ServiceId { get; set; } = "authz";

    /// <summary>Port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (gateways) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and gateways reach this silo on (a pod's IP); unset, the first non-loopback address.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>This silo's name in the membership table (a pod's name); unset, Orleans picks one.</summary>
    public string? SiloName { get; set; }

    /// <summary>
    /// The most database connections one silo opens, its grain storage, clustering and reminders together (they share
    /// one pool); a burst beyond it waits for a free connection (up to the connection string's <c>Timeout</c>, Npgsql's
    /// default 15 s) instead of opening more.
    /// </summary>
    public int MaxDatabaseConnections { get; set; } = 20;

    /// <summary>The connection string <see cref="ClusterStorage.AdoNet"/> mode uses.</summary>
    public string? ConnectionString { get; private set; }

    public static AuthzSiloOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<AuthzSiloOptions>() ?? new AuthzSiloOptions();
        options.ConnectionString = configuration.GetConnectionString(ConnectionStringName);
        if (options.Storage == ClusterStorage.AdoNet && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                $"{Section}:Storage is {ClusterStorage.AdoNet} but ConnectionStrings:{ConnectionStringName} is not set (environment: ConnectionStrings__{ConnectionStringName})");
        }

        return options;
    }

    /// <summary>The database for Orleans' ADO.NET providers, or null in <see cref="ClusterStorage.Memory"/> mode.</summary>
    public AdoNetDatabase? Database => Storage == ClusterStorage.AdoNet ? new AdoNetDatabase(AdoNetInvariant, ConnectionString!) : null;
}

/// <summary>A database reached through Orleans' ADO.NET providers.</summary>
public sealed record AdoNetDatabase(string Invariant, string ConnectionString)
{
    /// <summary>
    /// The same database through a pool of at most <paramref name="maxConnections"/> connections, shown as
    /// <paramref name="applicationName"/> in <c>pg_stat_activity</c> unless the connection string names itself. Npgsql
    /// keeps one pool per connection string, so every provider given this one shares that pool.
    /// </summary>
    public AdoNetDatabase WithPool(int maxConnections, string applicationName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = maxConnections };
        builder.ApplicationName ??= applicationName;
        return this with { ConnectionString = builder.ConnectionString };
    }
}
