using Authz.Grains;
using Authz.Grains.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Authz.Silo;

public static class SiloConfiguration
{
    public const string InMemoryNotice =
        "Development default: a single silo on localhost; data is kept in memory only and is lost when the process stops.";

    /// <summary>
    /// The silo as the service runs it. Today the development default only: localhost clustering,
    /// in-memory grain storage and memory streams.
    /// </summary>
    public static ISiloBuilder AddAuthzSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuthzSiloOptions.Section).Get<AuthzSiloOptions>() ?? new AuthzSiloOptions();
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
        silo.UseInMemoryReminderService();
        silo.Services.Configure<MessageOptions>(configuration.GetSection(MessageOptions.Section));
        silo.Services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        if (!string.IsNullOrEmpty(configuration[$"{SmtpOptions.Section}:Host"]))
        {
            silo.Services.AddSingleton<IMessageSender, SmtpMessageSender>();
        }

        return silo.AddAuthzGrainServices();
    }

    /// <summary>Storage, streams and services the grains need, whatever the clustering (tests use their own).</summary>
    public static ISiloBuilder AddAuthzGrainServices(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(StorageNames.Authz);
        silo.AddMemoryStreams(StorageNames.Streams, streams =>
        {
            streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            // Fan-out latency is a few of these periods (one per tree level); Orleans' default is 100 ms.
            streams.ConfigurePullingAgent(agent => agent.Configure(options => options.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(5)));
        });
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<IMessageSender, LoggingMessageSender>();
        return silo;
    }

    public static void LogStorageMode(ILogger logger) => logger.LogWarning(InMemoryNotice);
}
