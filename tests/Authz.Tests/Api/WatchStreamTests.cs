using Authz.Api.V1;
using Authz.Gateway.Services;
using Grpc.Core;

namespace Authz.Tests.Api;

/// <summary>Watch streams on a gateway of their own, which sends heartbeats every 200 ms and is stopped by the tests.</summary>
public sealed class WatchStreamTests : IAsyncLifetime
{
    private readonly GatewayFixture _gateway = new("--Gateway:WatchHeartbeatInterval=00:00:00.200");

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    [Fact, Trait("Rule", "CHK-5")]
    public async Task An_idle_watch_gets_heartbeats_whose_token_resumes_without_missing_a_change()
    {
        var organization = await TestOrganization.CreateAsync(_gateway);
        await organization.PermissionAsync("doc.read");
        await organization.RoleAsync("reader", "doc.read");
        await organization.UnitAsync("hq");
        await organization.UserAsync("ada");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var idle = _gateway.Assignments.Watch(new WatchRequest { OrganizationId = organization.Id }, cancellationToken: cancel.Token);

        Assert.True(await idle.ResponseStream.MoveNext(cancel.Token));
        var heartbeat = idle.ResponseStream.Current;
        await organization.AssignAsync("ada", "hq", "reader");
        using var resumed = _gateway.Assignments.Watch(
            new WatchRequest { OrganizationId = organization.Id, RevisionToken = heartbeat.RevisionToken }, cancellationToken: cancel.Token);
        Assert.True(await resumed.ResponseStream.MoveNext(cancel.Token));

        Assert.True(heartbeat.Heartbeat);
        Assert.Null(heartbeat.Assignment);
        Assert.NotEmpty(heartbeat.RevisionToken);
        var change = resumed.ResponseStream.Current;
        Assert.False(change.Heartbeat);
        Assert.Equal(("ada", "hq", "reader"), (change.Assignment.UserId, change.Assignment.UnitId, change.Assignment.Roles.Single().RoleId));
    }

    [Fact, Trait("Rule", "CHK-5")]
    public async Task A_watch_open_while_the_gateway_stops_ends_unavailable_and_lets_the_stop_finish()
    {
        var organization = await TestOrganization.CreateAsync(_gateway);
        using var watch = _gateway.Assignments.Watch(new WatchRequest { OrganizationId = organization.Id });
        Assert.True(await watch.ResponseStream.MoveNext());

        var stopping = _gateway.StopAsync();
        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await watch.ResponseStream.MoveNext())
            {
            }
        });

        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
        Assert.Equal(AssignmentWatch.ShuttingDownMessage, ended.Status.Detail);
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
