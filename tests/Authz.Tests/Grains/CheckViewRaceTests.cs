using Authz.Grains;
using Authz.Grains.Domain;
using Authz.Grains.Units;
using Authz.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Authz.Tests.Grains;

/// <summary>A cluster whose unit storage can hold a write at its await, to force interleavings.</summary>
public sealed class GatedCluster : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public GatedStorage Storage => Cluster.Silos[0].ServiceProvider.GetRequiredService<GatedStorage>();

    public LocalUnitViews Views => Cluster.Silos[0].ServiceProvider.GetRequiredService<LocalUnitViews>();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.UseInMemoryReminderService();
            silo.AddAuthzGrainServices();
            silo.Services.AddSingleton(services => new GatedStorage(MemoryGrainStorageFactory.Create(services, StorageNames.Authz)));
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Authz, (services, _) => services.GetRequiredService<GatedStorage>());
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(StorageNames.Streams));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>
/// A check that interleaves with another read of its unit never publishes a view that disagrees with the unit: the
/// storage holds the other read at its await (if it writes at all) while the check runs.
/// </summary>
public sealed class CheckViewRaceTests(GatedCluster fixture) : IClassFixture<GatedCluster>
{
    [Fact, Trait("Rule", "CHK-4")]
    public async Task A_check_during_a_bulk_plan_publishes_no_view_older_than_the_unit()
    {
        var id = $"race-{Guid.NewGuid():N}"[..24];
        var organization = fixture.Grains.Organization(id);
        await organization.CreateAsync("Race", Plan.Advanced, OrganizationStructure.Hierarchical, [], new NewUser("founder", "founder@example.org", "F", "F"), null, null);
        await organization.CreatePermissionAsync("doc.read", "");
        await organization.CreateRoleAsync("reader", "Reader", ["doc.read"]);
        await organization.CreateUnitAsync("p", "P", null);
        await organization.CreateUnitAsync("c", "C", "p");
        await organization.CreateUnitAsync("d", "D", "p");
        await fixture.Grains.UserDirectory(id).CreateUserAsync("ada", "ada@example.org", "Ada", "L");
        await fixture.Grains.UserDirectory(id).CreateUserAsync("bob", "bob@example.org", "Bob", "L");
        var parent = fixture.Grains.Unit(id, "p");
        var child = fixture.Grains.Unit(id, "c");
        await parent.AssignRolesAsync("ada", ["reader"], null, null);
        var on = await parent.SetInheritanceAsync("ada", InheritanceMode.Replace);
        await child.AwaitRevisionAsync(on.Token);
        Assert.True(await child.CheckAsync("ada", "doc.read"));

        // c falls behind its parent without being sent anything: the switch-off goes to d only, and waits in p for c.
        await fixture.Grains.UnitProtocol(id, "p").RemoveChildAsync("c");
        await parent.SetInheritanceAsync("ada", null);
        await fixture.Grains.UnitProtocol(id, "p").AddChildAsync("c");
        var gate = fixture.Storage.Arm(GrainKeys.Unit(id, "c"));

        var plan = fixture.Grains.UnitProtocol(id, "c").PlanBulkAsync(new BulkEdit(["bob"], ["c"], ["reader"], [], null, null));
        var planWrote = await Task.WhenAny(gate.Entered.Task, plan) == gate.Entered.Task;
        await child.CheckAsync("ada", "doc.read");
        gate.Release();
        await plan;

        var holding = await child.FindAssignmentAsync("ada");
        var viewAllows = fixture.Views.TryGet(id, "c", out var view) && view.Permissions.Check("ada", "doc.read", fixture.Time.GetUtcNow()) == CheckOutcome.Allowed;
        Assert.True(!viewAllows || holding is not null, "the published view allows ada, but the unit no longer holds any role of hers");
        Assert.False(planWrote, "PlanBulkAsync is [ReadOnly], yet it wrote the unit's state");
    }
}
