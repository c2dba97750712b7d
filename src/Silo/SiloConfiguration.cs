using System.Net;
using Authz.Grains;
using Authz.Grains.Audit;
using Authz.Grains.Messaging;
using Authz.Grains.Units;
using Authz.Grains.Users;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Streams;

namespace Authz.Silo;

public static class SiloConfiguration
{
    /// <summary>How a silo's connections are named in <c>pg_stat_activity</c>.</summary>
    public const string DatabaseApplicationName = "authz-silo";

    public const string InMemoryNotice =
        "Development default: a single silo on localhost; data is kept in memory only and is lost when the process stops.";

    /// <summary>
    /// The silo as the service runs it: <see cref="ClusterStorage.Memory"/> (one localhost silo, the development
    /// default) or <see cref="ClusterStorage.AdoNet"/> (membership, grain state and reminders in PostgreSQL).
    /// </summary>
    public static ISiloBuilder AddAuthzSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        // On every start Orleans' watchdog warns that its participant check "has not completed" for a gap measured
        // from before the silo existed (hours: the process had not been checked yet, not starved). Starvation
        // that matters shows in the grain call and membership warnings, which stay.
        silo.Services.Configure<LoggerFilterOptions>(filters => filters.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error));
        var options = AuthzSiloOptions.From(configuration);
        var database = options.Database?.WithPool(options.MaxDatabaseConnections, DatabaseApplicationName);
        if (database is not null)
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            silo.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = database.Invariant;
                clustering.ConnectionString = database.ConnectionString;
            });
            silo.UseAdoNetReminderService(reminders =>
            {
                reminders.Invariant = database.Invariant;
                reminders.ConnectionString = database.ConnectionString;
            });
            if (options.AdvertisedAddress is { } advertised)
            {
                var address = IPAddress.Parse(advertised);
                silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
            }
            else
            {
                silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort);
            }
        }
        else
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            silo.UseInMemoryReminderService();
        }

        if (options.SiloName is { } name)
        {
            silo.Configure<SiloOptions>(names => names.SiloName = name);
        }

        silo.Services.Configure<MessageOptions>(configuration.GetSection(MessageOptions.Section));
        silo.Services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        if (!string.IsNullOrEmpty(configuration[$"{SmtpOptions.Section}:Host"]))
        {
            silo.Services.AddSingleton<IMessageSender, SmtpMessageSender>();
        }

        return silo.AddAuthzGrainServices(database);
    }

    /// <summary>
    /// Storage, streams and services the grains need, whatever the clustering (tests use their own):
    /// grain state in <paramref name="database"/>, or in memory when it is null.
    /// </summary>
    /// <summary>
    /// Grains that serve administration, not checks: they leave memory after this long unused instead of Orleans'
    /// default (15 minutes), so memory follows the units that answer checks, not the last bulk load.
    /// </summary>
    private static readonly TimeSpan AdministrationGrainIdleAge = TimeSpan.FromMinutes(2);

    private static readonly Type[] AdministrationGrains =
        [typeof(UserGrain), typeof(UserDirectoryGrain), typeof(AuditLogGrain), typeof(AuditSegmentGrain), typeof(OutboxGrain)];

    /// <summary>In memory, every write goes through one of these grains (Orleans' default is 10, a queue under load).</summary>
    private const int MemoryStorageGrains = 64;

    public static ISiloBuilder AddAuthzGrainServices(this ISiloBuilder silo, AdoNetDatabase? database = null)
    {
        // Orleans' own binary serializer in both: state classes are [GenerateSerializer] types with [Id] members
        // (private setters included), versioned by those ids. The providers' JSON default would drop private setters,
        // and in memory it was the largest cost of a write.
        if (database is null)
        {
            silo.AddMemoryGrainStorage(StorageNames.Authz, (OptionsBuilder<MemoryGrainStorageOptions> storage) => storage.Configure<Serializer>((options, serializer) =>
            {
                options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                options.NumStorageGrains = MemoryStorageGrains;
            }));
        }
        else
        {
            silo.AddAdoNetGrainStorage(StorageNames.Authz, (OptionsBuilder<AdoNetGrainStorageOptions> storage) => storage.Configure<Serializer>((options, serializer) =>
            {
                options.Invariant = database.Invariant;
                options.ConnectionString = database.ConnectionString;
                options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        }

        silo.AddMemoryStreams(StorageNames.Streams, streams =>
        {
            streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            // Fan-out latency is a few of these periods (one per tree level); Orleans' default is 100 ms.
            streams.ConfigurePullingAgent(agent => agent.Configure(options => options.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(5)));
        });
        silo.Configure<GrainCollectionOptions>(options =>
        {
            foreach (var grain in AdministrationGrains)
            {
                options.ClassSpecificCollectionAge[grain.FullName!] = AdministrationGrainIdleAge;
            }
        });
        silo.AddActivityPropagation();
        silo.AddIncomingGrainCallFilter<FailedCallFilter>();
        silo.Services.AddSingleton<ActiveUnits>();
        silo.Services.AddSingleton<LocalUnitViews>();
        silo.Services.AddHostedService<UnitRecovery>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<IMessageSender, LoggingMessageSender>();
        return silo;
    }

    public static void LogStorageMode(ILogger logger, IConfiguration configuration)
    {
        var options = AuthzSiloOptions.From(configuration);
        if (options.Database is null)
        {
            logger.LogWarning(InMemoryNotice);
        }
        else
        {
            logger.LogInformation("Cluster {ClusterId} (service {ServiceId}): membership, grain state and reminders in the {Invariant} database, at most {MaxConnections} connections",
                options.ClusterId, options.ServiceId, options.AdoNetInvariant, options.MaxDatabaseConnections);
        }
    }
}
