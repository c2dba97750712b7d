using Authz.Api.V1;
using Authz.Tests.Storage;
using Grpc.Core;

namespace Authz.Tests.Cluster;

/// <summary>Several gateways write to one organization at once: every acknowledged write is kept.</summary>
public sealed class ConcurrentWriteTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const int UsersPerGateway = 15;

    [SkippableFact]
    public async Task Two_gateways_writing_the_same_organization_at_once_lose_no_update()
    {
        postgres.SkipIfUnavailable();
        await using var service = new ClusteredService(await postgres.CreateDatabaseAsync("gateways"));
        await service.StartSiloAsync();
        var first = (await service.StartGatewayAsync()).Operator;
        var second = (await service.StartGatewayAsync()).Operator;
        const string OrganizationId = "contended";
        await ServiceData.WriteAsync(first, OrganizationId);

        var tokens = await Task.WhenAll(WriteAsync(first, "a"), WriteAsync(second, "b"));

        var token = ClusteredService.RevisionTokens.Combine(OrganizationId, tokens.SelectMany(t => t));
        foreach (var api in new[] { first, second })
        {
            var users = await api.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = OrganizationId, PageSize = 1000 });
            var units = await api.Units.ListUnitsAsync(new ListUnitsRequest { OrganizationId = OrganizationId });
            var assignments = await api.Assignments.ListAssignmentsAsync(new ListAssignmentsRequest
            {
                OrganizationId = OrganizationId, UnitIds = { "south" }, PageSize = 1000, RevisionToken = token,
            });
            foreach (var userId in new[] { "a", "b" }.SelectMany(prefix => Enumerable.Range(0, UsersPerGateway).Select(i => $"{prefix}-user-{i}")))
            {
                Assert.Contains(users.Users, user => user.UserId == userId);
                Assert.Contains(assignments.Assignments, assignment => assignment.UserId == userId && assignment.Roles.Any(role => role.RoleId == "reader"));
            }

            foreach (var unitId in new[] { "a", "b" }.SelectMany(prefix => Enumerable.Range(0, 5).Select(i => $"{prefix}-unit-{i}")))
            {
                Assert.Contains(units.Units, unit => unit.UnitId == unitId && unit.ParentUnitId == "hq");
            }
        }

        async Task<List<string>> WriteAsync(ApiClients api, string prefix)
        {
            var written = new List<string>();
            var units = Enumerable.Range(0, 5).Select(async i => await api.Units.CreateUnitAsync(new CreateUnitRequest
            {
                OrganizationId = OrganizationId, UnitId = $"{prefix}-unit-{i}", DisplayName = $"Unit {prefix} {i}", ParentUnitId = "hq",
            }));
            await Task.WhenAll(units);
            for (var i = 0; i < UsersPerGateway; i++)
            {
                var userId = $"{prefix}-user-{i}";
                await api.Users.CreateUserAsync(new CreateUserRequest
                {
                    OrganizationId = OrganizationId, UserId = userId, Email = $"{userId}@contended.example", GivenName = prefix, FamilyName = $"User {i}",
                });
                written.Add((await api.Assignments.AssignRolesAsync(new AssignRolesRequest
                {
                    OrganizationId = OrganizationId, UserId = userId, UnitId = "south", RoleIds = { "reader" },
                })).RevisionToken);
            }

            return written;
        }
    }

    /// <summary>
    /// Two clusters on one database (different cluster ids, one service id) each activate the same unit: a split
    /// brain. The second write to reach storage carries a stale ETag: it is refused with ABORTED, never written over
    /// the first, and succeeds once retried on fresh state.
    /// </summary>
    [SkippableFact]
    public async Task A_write_from_a_stale_activation_is_aborted_not_written_over_a_newer_one()
    {
        postgres.SkipIfUnavailable();
        var database = await postgres.CreateDatabaseAsync("splitbrain");
        await using var left = new ClusteredService(database);
        await using var right = new ClusteredService(database);
        await left.StartSiloAsync();
        await right.StartSiloAsync();
        var leftApi = (await left.StartGatewayAsync()).Operator;
        var rightApi = (await right.StartGatewayAsync()).Operator;
        const string OrganizationId = "split";
        await ServiceData.WriteAsync(leftApi, OrganizationId);
        foreach (var api in new[] { leftApi, rightApi })
        {
            await api.Checks.CheckAsync(new CheckRequest { OrganizationId = OrganizationId, UserId = "bob", UnitId = "south", PermissionId = "docs.read" });
        }

        await AssignAsync(leftApi, "bob");
        var stale = await Assert.ThrowsAsync<RpcException>(() => AssignAsync(rightApi, "carol"));
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        await Eventually.SucceedsAsync(() => AssignAsync(rightApi, "carol"), TimeSpan.FromSeconds(20));

        var holders = await rightApi.Assignments.ListAssignmentsAsync(new ListAssignmentsRequest { OrganizationId = OrganizationId, UnitIds = { "south" } });
        Assert.Contains(holders.Assignments, assignment => assignment.UserId == "bob" && assignment.Roles.Any(role => role.RoleId == "editor"));
        Assert.Contains(holders.Assignments, assignment => assignment.UserId == "carol" && assignment.Roles.Any(role => role.RoleId == "editor"));
    }

    private static async Task<Assignment> AssignAsync(ApiClients api, string userId) =>
        await api.Assignments.AssignRolesAsync(new AssignRolesRequest { OrganizationId = "split", UserId = userId, UnitId = "south", RoleIds = { "editor" } });
}
