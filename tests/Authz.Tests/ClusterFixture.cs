using Authz.Grains;
using Authz.Grains.Messaging;
using Authz.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Authz.Tests;

/// <summary>An in-process Orleans test cluster with the service's grains, storage and streams, and a fake clock.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public CapturedMail Mail { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.AddSingleton<IMessageSender>(Mail);
            silo.UseInMemoryReminderService();
            silo.AddAuthzGrainServices();
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(StorageNames.Streams));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
