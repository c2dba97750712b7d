using System.Collections.Concurrent;
using Authz.Grains;
using Authz.Grains.Domain;
using Authz.Silo;
using Authz.Tests.Storage;
using Orleans.TestingHost;

namespace Authz.Tests.Cluster;

/// <summary>
/// Three silos with grain state in PostgreSQL; one dies in the middle of an inheritance fan-out across 300 units
/// while clients keep writing. Stream messages held by the dead silo are lost; the units recover them from their
/// parents' persisted sent lists.
/// </summary>
public sealed class SiloFailureTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string OrganizationId = "failover";
    private const int Branches = 13;
    private const int LeavesPerBranch = 22;

    [SkippableFact, Trait("Rule", "INH-2")]
    public async Task A_silo_killed_mid_fan_out_leaves_every_unit_converged_and_no_acknowledged_write_lost()
    {
        postgres.SkipIfUnavailable();
        var database = new AdoNetDatabase("Npgsql", await postgres.CreateDatabaseAsync("failover"));
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.AddAuthzGrainServices(database);
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var grains = cluster.Client;
        var units = await TreeAsync(grains);
        Assert.Equal(300, units.Count);

        var acknowledged = new ConcurrentBag<(string UserId, string UnitId)>();
        using var writing = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(writer => WriteUntilStoppedAsync(grains, units, writer, acknowledged, writing.Token)).ToArray();
        var root = grains.Unit(OrganizationId, "root");
        var fanOut = root.SetInheritanceAsync("heir", InheritanceMode.Replace);
        await Task.Delay(50);
        await cluster.KillSiloAsync(cluster.Silos[2]);
        await writing.CancelAsync();
        await Task.WhenAll(writers);

        try
        {
            await fanOut;
        }
        catch (Exception)
        {
            // Not acknowledged: the client retries until it is.
            await Eventually.SucceedsAsync(() => root.SetInheritanceAsync("heir", InheritanceMode.Replace), TimeSpan.FromSeconds(60));
        }

        var behind = new List<string>();
        await Eventually.TrueAsync(async () =>
        {
            behind.Clear();
            foreach (var unitId in units)
            {
                var heir = await grains.Unit(OrganizationId, unitId).FindAssignmentAsync("heir");
                if (heir is null || heir.Roles.Single().RoleId != "reader" || (unitId != "root" && heir.OriginUnitId != "root"))
                {
                    behind.Add(unitId);
                }
            }

            return behind.Count == 0;
        }, TimeSpan.FromSeconds(90), () => $"every unit holding the inherited role, read without a revision token (still behind: {string.Join(", ", behind.Take(20))}{(behind.Count > 20 ? $" and {behind.Count - 20} more" : "")})");

        Assert.NotEmpty(acknowledged);
        foreach (var (userId, unitId) in acknowledged)
        {
            var holding = await grains.Unit(OrganizationId, unitId).FindAssignmentAsync(userId);
            Assert.True(holding is not null && holding.Roles.Any(role => role.RoleId == "reader"), $"acknowledged write lost: {userId} in {unitId}");
        }
    }

    private static async Task<List<string>> TreeAsync(IGrainFactory grains)
    {
        var organization = grains.Organization(OrganizationId);
        await organization.CreateAsync("Fail-over", Plan.Advanced, OrganizationStructure.Hierarchical, [], new NewUser("founder", "founder@example.org", "F", "F"), null, null);
        await organization.CreatePermissionAsync("doc.read", "");
        await organization.CreateRoleAsync("reader", "Reader", ["doc.read"]);
        var units = new List<string> { "root" };
        await organization.CreateUnitAsync("root", "Root", null);
        for (var branch = 0; branch < Branches; branch++)
        {
            var branchId = $"b{branch}";
            await organization.CreateUnitAsync(branchId, branchId, "root");
            units.Add(branchId);
            for (var leaf = 0; leaf < LeavesPerBranch; leaf++)
            {
                var leafId = $"b{branch}-l{leaf}";
                await organization.CreateUnitAsync(leafId, leafId, branchId);
                units.Add(leafId);
            }
        }

        var directory = grains.UserDirectory(OrganizationId);
        await directory.CreateUserAsync("heir", "heir@example.org", "Heir", "H");
        for (var writer = 0; writer < 4; writer++)
        {
            await directory.CreateUserAsync($"writer-{writer}", $"writer-{writer}@example.org", "Writer", $"{writer}");
        }

        await grains.Unit(OrganizationId, "root").AssignRolesAsync("heir", ["reader"], null, null);
        return units;
    }

    /// <summary>One client writing direct roles at leaves, one after another; a write that returns is acknowledged.</summary>
    private static async Task WriteUntilStoppedAsync(
        IGrainFactory grains, List<string> units, int writer, ConcurrentBag<(string, string)> acknowledged, CancellationToken stop)
    {
        var userId = $"writer-{writer}";
        for (var i = writer; !stop.IsCancellationRequested && i < units.Count; i += 4)
        {
            try
            {
                await grains.Unit(OrganizationId, units[i]).AssignRolesAsync(userId, ["reader"], null, null);
                acknowledged.Add((userId, units[i]));
            }
            catch (Exception)
            {
                // Not acknowledged: the client may retry, nothing is promised.
            }
        }
    }
}
