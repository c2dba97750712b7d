using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Authz.Grains;
using Authz.Grains.Domain;
using Authz.Grains.Units;
using Authz.Silo;
using Authz.Silo.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Authz.Bench;

/// <summary>
/// One cold start, every time in milliseconds from the call to <see cref="SiloApp.Build"/>; <see cref="PerOrganization"/>
/// is how long each organization's first Check took after the very first one.
/// </summary>
public sealed record ColdStart(double Built, double Started, double FirstCheck, double EveryOrganization, double[] PerOrganization,
    WarmChecks Warm, double Stop);

/// <summary>Checks on units that are already active: the rate, and each call's latency.</summary>
public sealed record WarmChecks(double PerSecond, double MedianMicroseconds, double P99Microseconds);

/// <summary>
/// The production silo host on a fresh PostgreSQL database: writes many small organizations, stops, and then starts a
/// new silo on the same database and cluster id and times it until it answers a Check in one organization, then in all.
/// </summary>
public sealed class ColdRestartRun
{
    public const string Mode = "cold-restart";

    public const string Usage = """
        Times a cold restart of the production silo host (SiloApp, Orleans:Storage=AdoNet) on PostgreSQL: writes N small
        organizations into a fresh database, stops the silo, starts a new one on the same database and cluster id, and times
        it until a Check answers in one organization and then in every organization (once with 1 caller, once, after another
        cold restart, with 8). Creates the database authz_bench_<random hex> and drops it at the end.

        usage: dotnet run -c Release --project bench/Authz.Bench -- cold-restart [--organizations N] [--database <connection string>]
          --organizations N   organizations to write (default 1000)
          --database CS       Npgsql connection string to a server, as a user that may create and drop databases
                              (default Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres)
          --help              this text
        """;

    /// <summary>Organizations written at once, and callers in the concurrent pass and the warm checks.</summary>
    public const int Callers = 8;

    public const int WarmCheckCount = 20_000;

    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    private const string Read = "doc.read";
    private const string Write = "doc.write";
    private const string RoleId = "reader";
    private const string RootUnit = "hq";

    /// <summary>Holds the role at the root with inheritance on, so at every unit.</summary>
    private const string Inheriting = "ada";

    /// <summary>Grain calls that write one organization (the fan-out waits not counted).</summary>
    private const int WritesPerOrganization = 17;

    private const string LoadAverage = "/proc/loadavg";

    private static readonly string[] ChildUnits = ["sales", "engineering", "support"];

    /// <summary>Each holds the role directly at the child unit of the same index.</summary>
    private static readonly string[] DirectUsers = ["bob", "cy", "dee"];

    private static readonly string[] Users = [Inheriting, .. DirectUsers];

    private static readonly string[] Permissions = [Read, Write];

    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    private readonly string _server;
    private readonly string _database;
    private readonly string _databaseName;
    private readonly string _clusterId;
    private readonly string[] _organizations;

    private ColdRestartRun(string server, string hex, int organizations)
    {
        _server = server;
        _databaseName = $"authz_bench_{hex}";
        _database = new NpgsqlConnectionStringBuilder(server) { Database = _databaseName }.ConnectionString;
        _clusterId = $"bench-{hex}";
        _organizations = Enumerable.Range(0, organizations).Select(i => $"org-{i:D5}").ToArray();
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        if (!TryParse(args, out var organizations, out var server))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var run = new ColdRestartRun(server, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), organizations);
        var schema = await run.CreateDatabaseAsync();
        try
        {
            await run.MeasureAsync(schema);
        }
        finally
        {
            await run.DropDatabaseAsync();
        }

        return 0;
    }

    private async Task MeasureAsync(double schema)
    {
        var count = _organizations.Length;
        Console.WriteLine($"machine: {Machine.Describe()}");
        if (File.Exists(LoadAverage))
        {
            Console.WriteLine($"load average at the start (1, 5, 15 min): {string.Join(", ", File.ReadAllText(LoadAverage).Split(' ').Take(3))}");
        }

        Console.WriteLine($"postgresql: {await ScalarAsync(_server, "SHOW server_version")} at {Endpoint(_server)}; a fresh database {_databaseName}, "
            + $"schema v{DatabaseSchema.Version} applied in {Ms(schema)} ms, dropped at the end");
        Console.WriteLine($"silo: SiloApp.Build, the production host, with Orleans:Storage=AdoNet (membership, grain state and reminders in "
            + $"PostgreSQL; memory streams), cluster {_clusterId} on loopback; called through its co-hosted cluster client");
        Console.WriteLine($"organizations: {count:N0}, each a hierarchical tenant with units {RootUnit} > {string.Join(", ", ChildUnits)}; "
            + $"5 users (the founder, {string.Join(", ", Users)}); permissions {Read}, {Write}; role {RoleId} ({Read}); {Inheriting} holds "
            + $"{RoleId} at {RootUnit} with inheritance on (so at every unit), {string.Join(", ", DirectUsers)} directly at one child unit each");
        Console.WriteLine($"cold Check: {Inheriting} {Read} at one child unit per organization (true), which activates the organization, "
            + $"the child and {RootUnit} (the child pulls from its parent on activation)");

        double firstStart, writeTime, firstStop;
        var building = Stopwatch.GetTimestamp();
        await using (var silo = Silo.Build(SiloArgs()))
        {
            await silo.StartAsync();
            firstStart = Since(building);
            Console.WriteLine($"first silo (nothing of Orleans run yet in this process, empty database): Build to StartAsync returned {Ms(firstStart)} ms");
            var started = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(_organizations, new ParallelOptions { MaxDegreeOfParallelism = Callers },
                async (organizationId, _) => await WriteOrganizationAsync(silo.Grains, organizationId));
            writeTime = Since(started);
            Console.WriteLine($"wrote {count:N0} organizations, {Callers} at once: {writeTime / 1000:0.0} s "
                + $"({count / writeTime * 1000:0.0} organizations/s, {count * WritesPerOrganization / writeTime * 1000:0} write calls/s)");
            await VerifyEveryAnswerAsync(silo.Grains);
            firstStop = await silo.StopAsync();
        }

        var rows = (long)(await ScalarAsync(_database, "SELECT count(*) FROM orleansstorage"));
        var bytes = (long)(await ScalarAsync(_database, "SELECT pg_database_size(current_database())"));
        Console.WriteLine($"stopped in {Ms(firstStop)} ms; storage: {rows:N0} grain state rows, database {bytes / 1048576.0:0.0} MiB");

        var sequential = await ColdStartAsync(1);
        var concurrent = await ColdStartAsync(Callers);

        Console.WriteLine();
        Console.WriteLine("| before the restarts | |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| first silo: `SiloApp.Build` until `StartAsync` returned (new process, empty database) | {Ms(firstStart)} ms |");
        Console.WriteLine($"| writing {count:N0} organizations, {Callers} at once ({WritesPerOrganization} grain writes each, then the inheritance "
            + $"fan-out awaited) | {writeTime / 1000:0.0} s, {count / writeTime * 1000:0.0} organizations/s |");
        Console.WriteLine($"| grain state rows / database size | {rows:N0} / {bytes / 1048576.0:0.0} MiB |");
        Console.WriteLine($"| graceful `StopAsync` of the silo that wrote them | {Ms(firstStop)} ms |");
        Console.WriteLine();
        Console.WriteLine($"| cold restart, ms from the call to `SiloApp.Build` | restart 1: 1 caller | restart 2: {Callers} callers |");
        Console.WriteLine("|---|---:|---:|");
        Row("`Build` returned", start => Ms(start.Built));
        Row("`StartAsync` returned (joined the cluster)", start => Ms(start.Started));
        Row("first Check answered", start => Ms(start.FirstCheck));
        Row($"a Check answered in every organization ({count:N0})", start => Ms(start.EveryOrganization));
        Row("each later organization's cold Check: median / p99 / max ms", start => start.PerOrganization.Length == 0
            ? "-"
            : $"{Ms(Percentile(start.PerOrganization, 0.5))} / {Ms(Percentile(start.PerOrganization, 0.99))} / {Ms(start.PerOrganization.Max())}");
        Row($"then warm: {WarmCheckCount:N0} Checks, {Callers} callers", start => $"{start.Warm.PerSecond:N0}/s");
        Row("warm Check latency: median / p99 µs", start => $"{start.Warm.MedianMicroseconds:0} / {start.Warm.P99Microseconds:0}");
        Row("graceful `StopAsync`, ms", start => Ms(start.Stop));

        void Row(string name, Func<ColdStart, string> figure) => Console.WriteLine($"| {name} | {figure(sequential)} | {figure(concurrent)} |");
    }

    /// <summary>A new silo on the written database and cluster id, timed until it answers in every organization.</summary>
    private async Task<ColdStart> ColdStartAsync(int callers)
    {
        var started = Stopwatch.GetTimestamp();
        await using var silo = Silo.Build(SiloArgs());
        var built = Since(started);
        await silo.StartAsync();
        var joined = Since(started);
        await ColdCheckAsync(silo.Grains, 0);
        var first = Since(started);
        var perOrganization = new double[_organizations.Length - 1];
        await Parallel.ForEachAsync(Enumerable.Range(1, perOrganization.Length), new ParallelOptions { MaxDegreeOfParallelism = callers },
            async (index, _) =>
            {
                var asked = Stopwatch.GetTimestamp();
                await ColdCheckAsync(silo.Grains, index);
                perOrganization[index - 1] = Since(asked);
            });
        var everywhere = Since(started);
        var warm = await WarmChecksAsync(silo.Grains);
        var stop = await silo.StopAsync();
        var start = new ColdStart(built, joined, first, everywhere, perOrganization, warm, stop);
        Console.WriteLine($"cold restart, {callers} caller(s): built {Ms(built)} ms, started {Ms(joined)} ms, first Check {Ms(first)} ms, "
            + $"every organization {Ms(everywhere)} ms (from Build); warm {warm.PerSecond:N0} Checks/s; stopped in {Ms(stop)} ms");
        return start;
    }

    private async Task ColdCheckAsync(IGrainFactory grains, int index) =>
        await CheckAsync(grains, _organizations[index], CheckedChild(index), Inheriting, Read);

    /// <summary>Random Checks, true and false, on the units the cold pass activated: the root and the checked child.</summary>
    private async Task<WarmChecks> WarmChecksAsync(IGrainFactory grains)
    {
        var perCaller = WarmCheckCount / Callers;
        var latencies = new double[perCaller * Callers];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller);
            for (var i = 0; i < perCaller; i++)
            {
                var index = random.Next(_organizations.Length);
                var unitId = random.Next(2) == 0 ? RootUnit : CheckedChild(index);
                var asked = Stopwatch.GetTimestamp();
                await CheckAsync(grains, _organizations[index], unitId, Users[random.Next(Users.Length)], Permissions[random.Next(Permissions.Length)]);
                latencies[(caller * perCaller) + i] = Stopwatch.GetElapsedTime(asked).TotalMicroseconds;
            }
        })));
        var elapsed = Since(started);
        return new WarmChecks(latencies.Length / elapsed * 1000, Percentile(latencies, 0.5), Percentile(latencies, 0.99));
    }

    /// <summary>Every unit, user and permission of every organization, before the restarts, so a later wrong answer is the restart's.</summary>
    private async Task VerifyEveryAnswerAsync(IGrainFactory grains) =>
        await Parallel.ForEachAsync(_organizations, new ParallelOptions { MaxDegreeOfParallelism = Callers }, async (organizationId, _) =>
        {
            foreach (var unitId in ChildUnits.Prepend(RootUnit))
            {
                foreach (var userId in Users)
                {
                    foreach (var permissionId in Permissions)
                    {
                        await CheckAsync(grains, organizationId, unitId, userId, permissionId);
                    }
                }
            }
        });

    private static string CheckedChild(int index) => ChildUnits[index % ChildUnits.Length];

    private static bool Expected(string unitId, string userId, string permissionId) =>
        permissionId == Read && (userId == Inheriting || (Array.IndexOf(ChildUnits, unitId) is var child and >= 0 && DirectUsers[child] == userId));

    private static async Task CheckAsync(IGrainFactory grains, string organizationId, string unitId, string userId, string permissionId)
    {
        var answer = await grains.Unit(organizationId, unitId).CheckAsync(userId, permissionId);
        if (answer != Expected(unitId, userId, permissionId))
        {
            throw new InvalidOperationException($"Check({organizationId}/{unitId}, {userId}, {permissionId}) answered {answer}, expected {!answer}");
        }
    }

    private static async Task WriteOrganizationAsync(IGrainFactory grains, string organizationId)
    {
        var organization = grains.Organization(organizationId);
        await organization.CreateAsync("Bench tenant", Plan.Advanced, OrganizationStructure.Hierarchical, [],
            new NewUser("founder", "founder@example.org", "Fay", "Founder"), null, null);
        await organization.CreatePermissionAsync(Read, "Read documents");
        await organization.CreatePermissionAsync(Write, "Write documents");
        await organization.CreateRoleAsync(RoleId, "Reader", [Read]);
        await organization.CreateUnitAsync(RootUnit, "Headquarters", null);
        foreach (var unitId in ChildUnits)
        {
            await organization.CreateUnitAsync(unitId, unitId, RootUnit);
        }

        var directory = grains.UserDirectory(organizationId);
        foreach (var userId in Users)
        {
            await directory.CreateUserAsync(userId, $"{userId}@example.org", userId, "Bench");
        }

        var root = grains.Unit(organizationId, RootUnit);
        await root.AssignRolesAsync(Inheriting, [RoleId], null, null);
        var token = (await root.SetInheritanceAsync(Inheriting, InheritanceMode.Replace)).Token;
        for (var i = 0; i < ChildUnits.Length; i++)
        {
            await grains.Unit(organizationId, ChildUnits[i]).AssignRolesAsync(DirectUsers[i], [RoleId], null, null);
        }

        foreach (var unitId in ChildUnits)
        {
            await AwaitRevisionAsync(grains.Unit(organizationId, unitId), token);
        }
    }

    /// <summary>Waits for the inheritance to reach a child, retrying while the wait answers Unavailable (a busy machine).</summary>
    private static async Task AwaitRevisionAsync(IUnitGrain unit, RevisionToken token)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                await unit.AwaitRevisionAsync(token);
                return;
            }
            catch (DomainException error) when (error.Error == DomainError.Unavailable && Stopwatch.GetElapsedTime(started) < GiveUp)
            {
            }
        }
    }

    private string[] SiloArgs() =>
    [
        $"--{AuthzSiloOptions.Section}:Storage={ClusterStorage.AdoNet}",
        $"--ConnectionStrings:{AuthzSiloOptions.ConnectionStringName}={_database}",
        $"--{AuthzSiloOptions.Section}:ClusterId={_clusterId}",
        $"--{AuthzSiloOptions.Section}:AdvertisedAddress={IPAddress.Loopback}",
        $"--{AuthzSiloOptions.Section}:SiloPort={FreePort()}",
        $"--{AuthzSiloOptions.Section}:GatewayPort={FreePort()}",
        $"--{HealthEndpointOptions.Section}:Port=0",
        "--Logging:LogLevel:Default=Warning",
    ];

    /// <summary>Creates the database and applies the schema; answers how long the schema took (ms).</summary>
    private async Task<double> CreateDatabaseAsync()
    {
        await ExecuteAsync(_server, $"CREATE DATABASE \"{_databaseName}\"");
        var started = Stopwatch.GetTimestamp();
        await DatabaseSchema.ApplyAsync(_database);
        return Since(started);
    }

    private async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"{sql} answered nothing");
    }

    private static string Endpoint(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}";
    }

    /// <summary>A loopback port nothing listens on now (the silo binds it a moment later).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Since(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    private static string Ms(double milliseconds) => milliseconds.ToString("0", CultureInfo.InvariantCulture);

    private static double Percentile(double[] values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
    }

    private static bool TryParse(string[] args, out int organizations, out string server)
    {
        organizations = 1000;
        server = DefaultServer;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                return false;
            }

            switch (args[i])
            {
                case "--organizations" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) && value >= 1:
                    organizations = value;
                    break;
                case "--database":
                    server = args[i + 1];
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>One silo host; disposing it stops it first if it still runs, so a failed run leaves nothing talking to the database.</summary>
    private sealed class Silo(WebApplication app) : IAsyncDisposable
    {
        private bool _running;

        public IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

        public static Silo Build(string[] args) => new(SiloApp.Build(args));

        public async Task StartAsync()
        {
            _running = true;
            await app.StartAsync();
        }

        /// <summary>
        /// Stops gracefully; answers how long that took (ms). Then empties Npgsql's connection pools, which are per
        /// process: the next silo opens connections of its own, as a new process would.
        /// </summary>
        public async Task<double> StopAsync()
        {
            _running = false;
            var started = Stopwatch.GetTimestamp();
            await app.StopAsync();
            var stopped = Since(started);
            NpgsqlConnection.ClearAllPools();
            return stopped;
        }

        public async ValueTask DisposeAsync()
        {
            if (_running)
            {
                await app.StopAsync();
            }

            await app.DisposeAsync();
        }
    }
}
