using System.Collections.Concurrent;
using System.Data;
using System.Net;
using System.Net.Sockets;
using Authz.Silo.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;

namespace Authz.Tests.Storage;

/// <summary>
/// The project's PostgreSQL migration against Orleans' ADO.NET providers: the schema applies repeatedly and
/// concurrently, the stored queries keep their version rules, and a real silo (with an Orleans client finding it
/// through the membership table) keeps grain state and reminders there across reactivation and a new silo.
/// </summary>
public sealed class DatabaseSchemaTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    /// <summary>The keys the 10.4.2 providers refuse to start without (their <c>DbStoredQueries</c> and storage init).</summary>
    public static readonly string[] RequiredQueryKeys =
    [
        // Grain storage
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        // Clustering, silo side (clients build the same query set, and run GatewaysQueryKey)
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        // Reminders
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "UpsertReminderRowKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    /// <summary>Keys 10.4.2 uses when present: delete-on-clear storage, and the per-row compare-and-delete cleanup.</summary>
    public static readonly string[] OptionalQueryKeys = ["DeleteStorageKey", "CleanupDefunctSiloEntryKey"];

    private const string Invariant = "Npgsql";
    private const string StorageName = StorageProbeGrain.StorageName;
    private const string StateName = StorageProbeGrain.StateName;
    private const int Active = (int)SiloStatus.Active;
    private const int Dead = (int)SiloStatus.Dead;

    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan WaitBound = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task The_migration_runs_again_from_three_silos_at_once_and_never_downgrades()
    {
        postgres.SkipIfUnavailable();
        var connectionString = await postgres.CreateDatabaseAsync("schema_twice");

        await DatabaseSchema.ApplyAsync(connectionString);
        Assert.Equal(RequiredQueryKeys.Concat(OptionalQueryKeys).Order(), await QueryKeysAsync(connectionString));
        Assert.Equal(DatabaseSchema.Version, await ScalarAsync<int>(connectionString, "SELECT max(version) FROM authz_schema_version"));

        // Back to an empty database, then three migrations racing: without the advisory lock, concurrent
        // CREATE TABLE IF NOT EXISTS collide in PostgreSQL's catalog.
        await ExecuteAsync(connectionString, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        Assert.Empty(await QueryKeysAsync(connectionString, tolerateMissingTable: true));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => DatabaseSchema.ApplyAsync(connectionString))));
        Assert.Equal(RequiredQueryKeys.Concat(OptionalQueryKeys).Order(), await QueryKeysAsync(connectionString));

        // A database a newer silo already migrated keeps its queries when an older silo (this code) starts.
        await ExecuteAsync(connectionString,
            "INSERT INTO authz_schema_version (version, description) VALUES (2147483647, 'from the future'); " +
            "UPDATE OrleansQuery SET QueryText = 'SELECT 2' WHERE QueryKey = 'GatewaysQueryKey'");
        await DatabaseSchema.ApplyAsync(connectionString);
        Assert.Equal("SELECT 2", await ScalarAsync<string>(connectionString, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'GatewaysQueryKey'"));
    }

    [SkippableFact]
    public async Task The_health_probe_tells_a_reachable_database_from_an_unreachable_one()
    {
        postgres.SkipIfUnavailable();
        var connectionString = await postgres.CreateDatabaseAsync("schema_probe");
        var closedPort = new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Loopback.FreePort() }.ConnectionString;

        Assert.True(await DatabaseSchema.IsReachableAsync(connectionString, TimeSpan.FromSeconds(2), CancellationToken.None));
        Assert.False(await DatabaseSchema.IsReachableAsync(closedPort, TimeSpan.FromSeconds(2), CancellationToken.None));
    }

    [SkippableFact]
    public async Task The_stored_queries_refuse_stale_versions()
    {
        postgres.SkipIfUnavailable();
        var db = new StoredQueries(await postgres.CreateDatabaseAsync("schema_versions"));

        // Grain state: a first write (no version) inserts version 1; a second blind insert and a stale update are refused.
        Parameter[] grain =
        [
            new("GrainIdHash", 11, DbType.Int32), new("GrainTypeHash", 22, DbType.Int32), new("ServiceId", "svc", DbType.String),
            new("GrainTypeString", StateName, DbType.String), new("GrainIdN0", 0L, DbType.Int64), new("GrainIdN1", 0L, DbType.Int64),
            new("GrainIdExtensionString", "key", DbType.String),
        ];
        Parameter Payload(string text) => new("PayloadBinary", System.Text.Encoding.UTF8.GetBytes(text), DbType.Binary);
        Parameter Version(int? version) => new("GrainStateVersion", version, DbType.Int32);
        Assert.Equal([1], await db.ColumnAsync("WriteToStorageKey", [.. grain, Version(null), Payload("a")]));
        Assert.Empty(await db.ColumnAsync("WriteToStorageKey", [.. grain, Version(null), Payload("b")]));
        Assert.Equal([2], await db.ColumnAsync("WriteToStorageKey", [.. grain, Version(1), Payload("c")]));
        Assert.Empty(await db.ColumnAsync("WriteToStorageKey", [.. grain, Version(1), Payload("d")]));
        Assert.Empty(await db.ColumnAsync("ClearStorageKey", [.. grain, Version(1)]));
        Assert.Equal([3], await db.ColumnAsync("ClearStorageKey", [.. grain, Version(2)]));
        Assert.Equal([3], await db.ColumnAsync("ReadFromStorageKey", grain, column: "Version"));
        Assert.Equal([DBNull.Value], await db.ColumnAsync("ReadFromStorageKey", grain, column: "PayloadBinary"));
        Assert.Equal([4], await db.ColumnAsync("DeleteStorageKey", [.. grain, Version(3)]));
        Assert.Empty(await db.ColumnAsync("ReadFromStorageKey", grain));

        // Membership: one version row per cluster; every insert or update names the current version and moves it.
        var cluster = new Parameter("DeploymentId", "cluster", DbType.String);
        Parameter[] Silo(int port) =>
            [cluster, new("Address", "10.0.0.1", DbType.AnsiString), new("Port", port, DbType.Int32), new("Generation", 7, DbType.Int32)];
        var now = DateTime.UtcNow;
        Parameter[] Joining(int port, int version) =>
        [
            .. Silo(port), new("SiloName", $"silo-{port}", DbType.String), new("HostName", "host", DbType.String),
            new("Status", (int)SiloStatus.Joining, DbType.Int32), new("ProxyPort", port + 1, DbType.Int32),
            new("StartTime", now, DbType.DateTime), new("IAmAliveTime", now, DbType.DateTime), new("Version", version, DbType.Int32),
        ];
        Parameter[] Becoming(int port, int status, int version) =>
        [
            .. Silo(port), new("Status", status, DbType.Int32), new("SuspectTimes", null, DbType.String),
            new("IAmAliveTime", now, DbType.DateTime), new("Version", version, DbType.Int32),
        ];
        Assert.Equal([1], await db.ColumnAsync("InsertMembershipVersionKey", [cluster]));
        Assert.Equal([0], await db.ColumnAsync("InsertMembershipVersionKey", [cluster]));
        Assert.Equal([0], await db.ColumnAsync("MembershipReadAllKey", [cluster], column: "Version"));
        Assert.Equal([1], await db.ColumnAsync("InsertMembershipKey", Joining(100, version: 0)));
        Assert.Equal([0], await db.ColumnAsync("InsertMembershipKey", Joining(200, version: 0)));
        Assert.Equal([0], await db.ColumnAsync("InsertMembershipKey", Joining(100, version: 1)));
        Assert.Equal([0], await db.ColumnAsync("UpdateMembershipKey", Becoming(100, Active, version: 0)));
        Assert.Equal([1], await db.ColumnAsync("UpdateMembershipKey", Becoming(100, Active, version: 1)));
        await db.ColumnAsync("UpdateIAmAlivetimeKey", [.. Silo(100), new("IAmAliveTime", now.AddSeconds(5), DbType.DateTime)]);
        Assert.Equal([2], await db.ColumnAsync("MembershipReadRowKey", Silo(100), column: "Version"));
        Assert.Equal([Active], await db.ColumnAsync("MembershipReadRowKey", Silo(100), column: "Status"));
        Assert.Equal([DBNull.Value], await db.ColumnAsync("MembershipReadRowKey", Silo(200), column: "StartTime"));
        Assert.Equal([101], await db.ColumnAsync("GatewaysQueryKey", [cluster, new("Status", Active, DbType.Int32)], column: "ProxyPort"));

        // Cleanup of dead silos: the per-row query removes a row only while it holds exactly what the cleaner read
        // (an empty suspect list arrives as ''); the bulk query removes dead rows that stopped reporting in time.
        Assert.Equal([1], await db.ColumnAsync("UpdateMembershipKey", Becoming(100, Dead, version: 2)));
        var started = (DateTime)(await db.ColumnAsync("MembershipReadRowKey", Silo(100), column: "StartTime")).Single();
        var alive = (DateTime)(await db.ColumnAsync("MembershipReadRowKey", Silo(100), column: "IAmAliveTime")).Single();
        Parameter[] Defunct(DateTime lastAlive) =>
        [
            .. Silo(100), new("SuspectTimes", "", DbType.String), new("StartTime", started, DbType.DateTime),
            new("IAmAliveTime", lastAlive, DbType.DateTime),
        ];
        await db.ColumnAsync("CleanupDefunctSiloEntryKey", Defunct(alive.AddSeconds(1)));
        Assert.Equal([started], await db.ColumnAsync("MembershipReadRowKey", Silo(100), column: "StartTime"));
        await db.ColumnAsync("CleanupDefunctSiloEntryKey", Defunct(alive));
        Assert.Equal([DBNull.Value], await db.ColumnAsync("MembershipReadRowKey", Silo(100), column: "StartTime"));
        Assert.Equal([1], await db.ColumnAsync("InsertMembershipKey", Joining(300, version: 3)));
        Assert.Equal([1], await db.ColumnAsync("UpdateMembershipKey", Becoming(300, Dead, version: 4)));
        await db.ColumnAsync("CleanupDefunctSiloEntriesKey", [cluster, new("IAmAliveTime", now.AddMinutes(-1), DbType.DateTime)]);
        Assert.Equal([(int)SiloStatus.Dead], await db.ColumnAsync("MembershipReadAllKey", [cluster], column: "Status"));
        await db.ColumnAsync("CleanupDefunctSiloEntriesKey", [cluster, new("IAmAliveTime", now.AddMinutes(1), DbType.DateTime)]);
        Assert.Equal([DBNull.Value], await db.ColumnAsync("MembershipReadAllKey", [cluster], column: "StartTime"));
        Assert.Equal([5], await db.ColumnAsync("MembershipReadAllKey", [cluster], column: "Version"));
        await db.ColumnAsync("DeleteMembershipTableEntriesKey", [cluster]);
        Assert.Empty(await db.ColumnAsync("MembershipReadAllKey", [cluster]));

        // Reminders: every upsert moves the ETag; a removal naming an old one is refused.
        Parameter[] reminder =
        [
            new("ServiceId", "svc", DbType.String), new("GrainId", "probe/reminder", DbType.AnsiString),
            new("ReminderName", "tick", DbType.String),
        ];
        Parameter[] upsert =
        [
            .. reminder, new("StartTime", now, DbType.DateTime), new("Period", 60_000, DbType.Int32), new("GrainHash", 5, DbType.Int32),
        ];
        Assert.Equal([1], await db.ColumnAsync("UpsertReminderRowKey", upsert));
        Assert.Equal([2], await db.ColumnAsync("UpsertReminderRowKey", upsert));
        Parameter[] Range(int begin, int end) =>
            [new("ServiceId", "svc", DbType.String), new("BeginHash", begin, DbType.Int32), new("EndHash", end, DbType.Int32)];
        Assert.Equal([60_000L], await db.ColumnAsync("ReadRangeRows1Key", Range(0, 5), column: "Period"));
        Assert.Empty(await db.ColumnAsync("ReadRangeRows2Key", Range(5, 0)));
        Assert.Equal([0], await db.ColumnAsync("DeleteReminderRowKey", [.. reminder, new("Version", 1, DbType.Int32)]));
        Assert.Equal([1], await db.ColumnAsync("DeleteReminderRowKey", [.. reminder, new("Version", 2, DbType.Int32)]));
        Assert.Empty(await db.ColumnAsync("ReadReminderRowKey", reminder));
    }

    [SkippableFact]
    public async Task Grain_state_survives_reactivation_clearing_and_a_new_silo()
    {
        postgres.SkipIfUnavailable();
        var connectionString = await postgres.CreateDatabaseAsync("schema_state");
        var clusterId = $"state-{Guid.NewGuid():N}";
        var key = $"probe-{Guid.NewGuid():N}";
        using var timeout = new CancellationTokenSource(StartBound);

        await using (var silo = await RunningHost.StartSiloAsync(connectionString, clusterId, timeout.Token))
        await using (var client = await RunningHost.StartClientAsync(connectionString, clusterId, timeout.Token))
        {
            var probe = client.Grains.GetGrain<IStorageProbeGrain>(key);
            await probe.WriteAsync("first");
            var written = await probe.ReadAsync();
            await probe.DeactivateAsync();
            var reread = await probe.ReadAsync();
            Assert.NotEqual(written.Activation, reread.Activation);
            Assert.Equal(new ProbeSnapshot("first", true, "1", reread.Activation), reread);
            Assert.Contains("first", await ScalarAsync<string>(connectionString,
                $"SELECT convert_from(PayloadBinary, 'UTF8') FROM OrleansStorage WHERE GrainIdExtensionString = '{key}'"));

            await probe.ClearAsync();
            await probe.DeactivateAsync();
            var cleared = await probe.ReadAsync();
            Assert.Equal((null, false, "2"), (cleared.Value, cleared.RecordExists, cleared.ETag));
            await probe.WriteAsync("second");

            // The storage provider itself: a stale or missing ETag is refused, the stored state is untouched. (Another
            // key: for string keys the provider's row identity is state name and key, not the grain type.)
            var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageName);
            var grainId = GrainId.Create("storage-probe", $"direct-{key}");
            var current = new GrainState<ProbeState>(new ProbeState { Value = "one" });
            await storage.WriteStateAsync(StateName, grainId, current);
            var stale = new GrainState<ProbeState>(new ProbeState { Value = "stale" }, current.ETag);
            current.State = new ProbeState { Value = "two" };
            await storage.WriteStateAsync(StateName, grainId, current);
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, stale));
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grainId, stale));
            var blind = new GrainState<ProbeState>(new ProbeState { Value = "blind" });
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, blind));
            var read = new GrainState<ProbeState>();
            await storage.ReadStateAsync(StateName, grainId, read);
            Assert.Equal(("two", "2", true), (read.State?.Value, read.ETag, read.RecordExists));
        }

        await using (var silo = await RunningHost.StartSiloAsync(connectionString, clusterId, timeout.Token))
        await using (var client = await RunningHost.StartClientAsync(connectionString, clusterId, timeout.Token))
        {
            var again = await client.Grains.GetGrain<IStorageProbeGrain>(key).ReadAsync();
            Assert.Equal(("second", true), (again.Value, again.RecordExists));
        }
    }

    [SkippableFact]
    public async Task A_reminder_fires_and_the_silo_is_active_in_the_membership_table()
    {
        postgres.SkipIfUnavailable();
        var connectionString = await postgres.CreateDatabaseAsync("schema_reminders");
        var clusterId = $"reminders-{Guid.NewGuid():N}";
        var key = $"probe-{Guid.NewGuid():N}";
        using var timeout = new CancellationTokenSource(StartBound);

        await using var silo = await RunningHost.StartSiloAsync(connectionString, clusterId, timeout.Token);
        await using var client = await RunningHost.StartClientAsync(connectionString, clusterId, timeout.Token);

        var self = silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var hosts = await client.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(SiloStatus.Active, hosts[self]);
        Assert.Equal(Active, await ScalarAsync<int>(connectionString,
            $"SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = '{clusterId}' AND Port = {self.Endpoint.Port}"));

        var probe = client.Grains.GetGrain<IStorageProbeGrain>(key);
        var ticked = silo.Services.GetRequiredService<ReminderTicks>().First(key);
        await probe.StartReminderAsync(TimeSpan.FromSeconds(1));
        Assert.Equal([StorageProbeGrain.ReminderName], await probe.RemindersAsync());
        Assert.Equal(1, await ScalarAsync<long>(connectionString,
            $"SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId = '{clusterId}' AND GrainId LIKE '%{key}'"));
        await ticked.WaitAsync(WaitBound);
        await probe.StopReminderAsync();
        Assert.Empty(await probe.RemindersAsync());
        Assert.Equal(0, await ScalarAsync<long>(connectionString,
            $"SELECT count(*) FROM OrleansRemindersTable WHERE ServiceId = '{clusterId}'"));
    }

    private static async Task<string[]> QueryKeysAsync(string connectionString, bool tolerateMissingTable = false)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        if (tolerateMissingTable)
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass('orleansquery') IS NOT NULL", connection);
            if (await exists.ExecuteScalarAsync() is not true)
            {
                return [];
            }
        }

        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return [.. keys.Order()];
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A parameter as Orleans binds it: by name, with the <see cref="DbType"/> its ADO.NET helpers pick.</summary>
    private sealed record Parameter(string Name, object? Value, DbType Type);

    /// <summary>Runs the texts stored in <c>OrleansQuery</c>, as the providers do.</summary>
    private sealed class StoredQueries(string connectionString)
    {
        /// <summary>One column (the first, or <paramref name="column"/>) of every row the stored query answers.</summary>
        public async Task<object[]> ColumnAsync(string key, Parameter[] parameters, string? column = null)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var load = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key", connection);
            load.Parameters.AddWithValue("key", key);
            var text = (string)(await load.ExecuteScalarAsync())!;

            await using var command = new NpgsqlCommand(text, connection);
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter(parameter.Name, parameter.Type) { Value = parameter.Value ?? DBNull.Value });
            }

            await using var reader = await command.ExecuteReaderAsync();
            var values = new List<object>();
            while (await reader.ReadAsync())
            {
                values.Add(reader.GetValue(column is null ? 0 : reader.GetOrdinal(column)));
            }

            return [.. values];
        }
    }

    /// <summary>A silo or client host in this process, stopped (within a bound) and disposed at the end of a test.</summary>
    private sealed class RunningHost(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public IGrainFactory Grains => host.Services.GetRequiredService<IClusterClient>();

        public static async Task<RunningHost> StartSiloAsync(string connectionString, string clusterId, CancellationToken cancellationToken)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddSingleton<ReminderTicks>();
            builder.UseOrleans(silo =>
            {
                silo.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (clusterId, clusterId));
                silo.ConfigureEndpoints(IPAddress.Loopback, Loopback.FreePort(), Loopback.FreePort());
                silo.UseAdoNetClustering(options => (options.Invariant, options.ConnectionString) = (Invariant, connectionString));
                silo.AddAdoNetGrainStorage(StorageName, options => (options.Invariant, options.ConnectionString) = (Invariant, connectionString));
                silo.UseAdoNetReminderService(options => (options.Invariant, options.ConnectionString) = (Invariant, connectionString));
                silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            });
            return await StartAsync(builder.Build(), cancellationToken);
        }

        public static async Task<RunningHost> StartClientAsync(string connectionString, string clusterId, CancellationToken cancellationToken)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (clusterId, clusterId));
                client.UseAdoNetClustering(options => (options.Invariant, options.ConnectionString) = (Invariant, connectionString));
            });
            return await StartAsync(builder.Build(), cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            using var stopping = new CancellationTokenSource(WaitBound);
            try
            {
                await host.StopAsync(stopping.Token);
            }
            finally
            {
                host.Dispose();
            }
        }

        private static async Task<RunningHost> StartAsync(IHost host, CancellationToken cancellationToken)
        {
            try
            {
                await host.StartAsync(cancellationToken);
                return new RunningHost(host);
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }

    }
}

/// <summary>Reminder ticks the probe grain received, per grain key: the tests' barrier for "it fired".</summary>
public sealed class ReminderTicks
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _first = new();

    public Task First(string key) => Completion(key).Task;

    public void Tick(string key) => Completion(key).TrySetResult();

    private TaskCompletionSource Completion(string key) =>
        _first.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

[Alias("Authz.Tests.Storage.IStorageProbeGrain")]
public interface IStorageProbeGrain : IGrainWithStringKey
{
    [Alias("Write")]
    Task WriteAsync(string value);

    [Alias("Read")]
    Task<ProbeSnapshot> ReadAsync();

    [Alias("Clear")]
    Task ClearAsync();

    [Alias("Deactivate")]
    Task DeactivateAsync();

    [Alias("StartReminder")]
    Task StartReminderAsync(TimeSpan period);

    [Alias("Reminders")]
    Task<string[]> RemindersAsync();

    [Alias("StopReminder")]
    Task StopReminderAsync();
}

[GenerateSerializer, Alias("Authz.Tests.Storage.ProbeState")]
public sealed class ProbeState
{
    [Id(0)]
    public string? Value { get; set; }
}

/// <summary>What a probe activation holds, and which activation answered.</summary>
[GenerateSerializer, Immutable, Alias("Authz.Tests.Storage.ProbeSnapshot")]
public sealed record ProbeSnapshot(
    [property: Id(0)] string? Value,
    [property: Id(1)] bool RecordExists,
    [property: Id(2)] string? ETag,
    [property: Id(3)] string Activation);

public sealed class StorageProbeGrain(
    [PersistentState(StorageProbeGrain.StateName, StorageProbeGrain.StorageName)] IPersistentState<ProbeState> state,
    ReminderTicks ticks) : Grain, IStorageProbeGrain, IRemindable
{
    public const string StorageName = "probe-store";
    public const string StateName = "probe";
    public const string ReminderName = "probe-tick";

    public async Task WriteAsync(string value)
    {
        state.State = new ProbeState { Value = value };
        await state.WriteStateAsync();
    }

    public Task<ProbeSnapshot> ReadAsync() =>
        Task.FromResult(new ProbeSnapshot(state.State.Value, state.RecordExists, state.Etag, GrainContext.ActivationId.ToString()));

    public Task ClearAsync() => state.ClearStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task StartReminderAsync(TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, period, period);

    public async Task<string[]> RemindersAsync() => [.. (await this.GetReminders()).Select(reminder => reminder.ReminderName)];

    public async Task StopReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ticks.Tick(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}
