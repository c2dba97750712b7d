using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Authz.Api.V1;
using Authz.Gateway;
using Authz.Grains.Telemetry;
using Authz.Grains.Units;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Authz.Tests.Telemetry;

/// <summary>
/// The traces and metrics the gateway exports, caught by in-memory exporters. Each test starts a gateway of its own
/// (with its co-hosted silo), and the collection runs alone: listeners see every Meter and ActivitySource in the
/// process, so only then are the values these tests read theirs alone.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests : IAsyncLifetime
{
    private const string CheckRoute = "/authz.v1.Checks/Check";

    private readonly Exported<Activity> _spans = new();
    private readonly Exported<MetricSnapshot> _metrics = new();
    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;
    private ApiClients _operator = null!;

    public async Task InitializeAsync()
    {
        _app = GatewayApp.Build(
        [
            "--Gateway:Port=0",
            $"--Orleans:SiloPort={Loopback.FreePort()}",
            $"--Orleans:GatewayPort={Loopback.FreePort()}",
            "--Logging:LogLevel:Default=Warning",
            $"--Auth:SigningKeys:0={GatewayFixture.Auth.SigningKeys[0]}",
            $"--Auth:OperatorKey={GatewayFixture.OperatorKey}",
            $"--Messages:LinkBaseUrl={GatewayFixture.LinkBaseUrl}",
        ], builder =>
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
            builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _channel = GrpcChannel.ForAddress(address);
        _operator = new ApiClients(_channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {GatewayFixture.OperatorKey}");
            return metadata;
        }));
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_check_is_traced_from_the_gRPC_call_into_the_unit_grain_and_counted_by_result()
    {
        var organizationId = await OrganizationAsync();
        await _operator.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = organizationId, UnitId = "north", DisplayName = "North" });
        await _operator.Users.CreateUserAsync(NewUser(organizationId, "ada"));
        var assigned = await _operator.Assignments.AssignRolesAsync(new AssignRolesRequest
        {
            OrganizationId = organizationId, UserId = "ada", UnitId = "north", RoleIds = { "reader" },
        });

        var allowed = await CheckAsync(organizationId, "north", "doc.read", assigned.RevisionToken);
        var denied = await CheckAsync(organizationId, "north", "doc.write", assigned.RevisionToken);

        Assert.True(allowed);
        Assert.False(denied);
        // The server span stops after the response has left, so the exporter may see it a moment after the client.
        await _spans.WhenAsync(spans => spans.Count(IsCheckServerSpan) == 2).WaitAsync(TimeSpan.FromSeconds(30));
        var spans = _spans.Snapshot();
        var servers = spans.Where(IsCheckServerSpan).OrderBy(span => span.StartTimeUtc).ToArray();

        // The first check after the write asks the unit grain, which publishes its view; the second is answered from it.
        var call = Assert.Single(spans, span => span.Kind == ActivityKind.Client && span.ParentSpanId == servers[0].SpanId && span.DisplayName == "IUnitGrain/CheckAsync");
        Assert.Equal("Microsoft.Orleans.Application", call.Source.Name);
        Assert.Equal(servers[0].TraceId, call.TraceId);
        Assert.Equal("orleans", call.GetTagItem("rpc.system.name"));
        var invoked = Assert.Single(spans, span => span.Kind == ActivityKind.Server && span.ParentSpanId == call.SpanId);
        Assert.Equal("IUnitGrain/CheckAsync", invoked.DisplayName);
        Assert.Equal(servers[0].TraceId, invoked.TraceId);
        Assert.DoesNotContain(spans, span => span.ParentSpanId == servers[1].SpanId && span.Source.Name == "Microsoft.Orleans.Application");

        var metrics = Flush();
        var checks = metrics["authz.checks"];
        Assert.Equal(1, Sum(checks, ("result", "allowed"), ("rpc", "Check")));
        Assert.Equal(1, Sum(checks, ("result", "denied"), ("rpc", "Check")));
        Assert.Equal("s", metrics["authz.check.duration"].Unit);
        Assert.Equal(2, Count(metrics["authz.check.duration"], ("rpc", "Check")));
    }

    [Fact]
    public async Task Inheriting_at_a_parent_unit_counts_the_stream_messages_and_records_the_fan_out_lag()
    {
        var organizationId = await OrganizationAsync();
        await _operator.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = organizationId, UnitId = "north", DisplayName = "North" });
        await _operator.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = organizationId, UnitId = "north-1a", DisplayName = "1a", ParentUnitId = "north" });
        await _operator.Users.CreateUserAsync(NewUser(organizationId, "ada"));
        await _operator.Assignments.AssignRolesAsync(new AssignRolesRequest
        {
            OrganizationId = organizationId, UserId = "ada", UnitId = "north", RoleIds = { "reader" },
        });
        // The child applies the change from its stream, or pulls it when asked for the revision and gets the stream
        // message later; either way both measurements come on their own time, after the write has answered.
        using var measured = new FanOutMeasurements();

        var inherited = await _operator.Assignments.EnableInheritanceAsync(new EnableInheritanceRequest
        {
            OrganizationId = organizationId, UserId = "ada", UnitId = "north", Mode = InheritanceMode.Replace,
        });
        var allowedBelow = await CheckAsync(organizationId, "north-1a", "doc.read", inherited.RevisionToken);
        await measured.Both.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(allowedBelow);
        var metrics = Flush();
        var messages = metrics["authz.stream.messages"];
        Assert.Equal(1, Sum(messages, ("direction", "sent"), ("stream", UnitStreams.FanOut)));
        Assert.Equal(1, Sum(messages, ("direction", "received"), ("stream", UnitStreams.FanOut)));
        var lag = metrics["authz.fanout.lag"];
        Assert.Equal("s", lag.Unit);
        Assert.Equal(1, Count(lag));
        Assert.True(lag.MetricPoints.Sum(point => point.GetHistogramSum()) >= 0);
    }

    private async Task<string> OrganizationAsync()
    {
        var organizationId = GatewayFixture.NewOrganizationId("otel");
        await _operator.Organizations.CreateOrganizationAsync(new CreateOrganizationRequest
        {
            OrganizationId = organizationId, DisplayName = "Telemetry", Plan = Plan.Advanced, Structure = Structure.Hierarchical,
            Administrator = new NewUser { UserId = "admin", Email = "admin@example.org", GivenName = "First", FamilyName = "Administrator" },
        });
        foreach (var permissionId in new[] { "doc.read", "doc.write" })
        {
            await _operator.Permissions.CreatePermissionAsync(new CreatePermissionRequest { OrganizationId = organizationId, PermissionId = permissionId });
        }

        await _operator.Roles.CreateRoleAsync(new CreateRoleRequest
        {
            OrganizationId = organizationId, RoleId = "reader", DisplayName = "Reader", PermissionIds = { "doc.read" },
        });
        return organizationId;
    }

    private async Task<bool> CheckAsync(string organizationId, string unitId, string permissionId, string revisionToken) =>
        (await _operator.Checks.CheckAsync(new CheckRequest
        {
            OrganizationId = organizationId, UserId = "ada", UnitId = unitId, PermissionId = permissionId, RevisionToken = revisionToken,
        })).Allowed;

    private static CreateUserRequest NewUser(string organizationId, string userId) => new()
    {
        OrganizationId = organizationId, UserId = userId, Email = $"{userId}@example.org", GivenName = userId, FamilyName = "Tester",
    };

    private static bool IsCheckServerSpan(Activity span) =>
        span.Kind == ActivityKind.Server && span.Source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
        && Equals(span.GetTagItem("http.route"), CheckRoute);

    /// <summary>Collects the metrics now, answering the latest (cumulative) snapshot of each by name.</summary>
    private Dictionary<string, MetricSnapshot> Flush()
    {
        Assert.True(_app.Services.GetRequiredService<MeterProvider>().ForceFlush());
        return _metrics.Snapshot().GroupBy(metric => metric.Name).ToDictionary(group => group.Key, group => group.Last());
    }

    private static long Sum(MetricSnapshot metric, params (string Key, string Value)[] tags) =>
        Matching(metric, tags).Sum(point => point.GetSumLong());

    private static long Count(MetricSnapshot metric, params (string Key, string Value)[] tags) =>
        Matching(metric, tags).Sum(point => point.GetHistogramCount());

    private static IEnumerable<MetricPoint> Matching(MetricSnapshot metric, (string Key, string Value)[] tags) =>
        metric.MetricPoints.Where(point =>
        {
            var pointTags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                pointTags[tag.Key] = tag.Value;
            }

            return tags.All(tag => Equals(pointTags.GetValueOrDefault(tag.Key), tag.Value));
        });


    /// <summary>What an exporter has exported, safe to read while it adds, with a wait for a condition on it.</summary>
    private sealed class Exported<T> : Collection<T>
    {
        private readonly Lock _lock = new();
        private readonly List<(Func<IEnumerable<T>, bool> Condition, TaskCompletionSource Met)> _waits = [];

        public IReadOnlyList<T> Snapshot()
        {
            lock (_lock)
            {
                return [.. Items];
            }
        }

        /// <summary>Completes once the items exported so far satisfy <paramref name="condition"/>.</summary>
        public Task WhenAsync(Func<IEnumerable<T>, bool> condition)
        {
            lock (_lock)
            {
                if (condition(Items))
                {
                    return Task.CompletedTask;
                }

                var met = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waits.Add((condition, met));
                return met.Task;
            }
        }

        protected override void InsertItem(int index, T item)
        {
            lock (_lock)
            {
                base.InsertItem(index, item);
                foreach (var wait in _waits.Where(wait => wait.Condition(Items)).ToArray())
                {
                    _waits.Remove(wait);
                    wait.Met.SetResult();
                }
            }
        }
    }

    /// <summary>Completes <see cref="Both"/> once a unit has received a fan-out message and a fan-out lag was recorded.</summary>
    private sealed class FanOutMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _lagRecorded = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public FanOutMeasurements()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AuthzMetrics.MeterName && instrument.Name is "authz.stream.messages" or "authz.fanout.lag")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                var direction = "";
                var stream = "";
                foreach (var tag in tags)
                {
                    direction = tag.Key == "direction" ? tag.Value as string ?? "" : direction;
                    stream = tag.Key == "stream" ? tag.Value as string ?? "" : stream;
                }

                if (direction == "received" && stream == UnitStreams.FanOut)
                {
                    _received.TrySetResult();
                }
            });
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => _lagRecorded.TrySetResult());
            _listener.Start();
        }

        public Task Both => Task.WhenAll(_received.Task, _lagRecorded.Task);

        public void Dispose() => _listener.Dispose();
    }
}

/// <summary>Runs alone, after the parallel collections: see <see cref="TelemetryTests"/>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}
