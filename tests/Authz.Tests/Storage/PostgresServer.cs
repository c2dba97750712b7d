using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Authz.Silo.Database;
using Npgsql;

namespace Authz.Tests.Storage;

/// <summary>
/// The PostgreSQL server the storage tests use: <c>AUTHZ_TEST_POSTGRES</c> (an Npgsql connection string with a
/// superuser), else a local default. Each test takes a fresh database of its own, with the service's schema applied;
/// the databases are dropped when the fixture goes.
/// </summary>
public sealed partial class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "AUTHZ_TEST_POSTGRES";

    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    /// <summary>
    /// Connections one test database's silos may open, all providers together (<c>Orleans:MaxDatabaseConnections</c>
    /// of <see cref="Cluster.ClusteredService"/>'s silos; a test's silos share one pool): several tests run at once.
    /// </summary>
    public const int SiloPoolSize = 16;

    /// <summary>PostgreSQL's identifier limit.</summary>
    private const int MaxNameLength = 63;

    private const int SuffixHexDigits = 16;

    private readonly Lock _gate = new();
    private readonly List<string> _databases = [];
    private readonly string _connectionString =
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured : DefaultConnectionString;

    /// <summary>Null when the server answered; otherwise why it could not be used, in one line.</summary>
    public string? Unavailable { get; private set; }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public async Task InitializeAsync()
    {
        try
        {
            // Generous: the whole suite starts at once on two cores, and a slow answer is not a missing server.
            var probe = new NpgsqlConnectionStringBuilder(_connectionString) { Timeout = 15, Pooling = false };
            await using var connection = new NpgsqlConnection(probe.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync();
        }
        catch (Exception error)
        {
            Unavailable = $"no PostgreSQL at {Describe(_connectionString)} (set {EnvironmentVariable}; .ci/run installs and starts one): "
                + error.Message.ReplaceLineEndings(" ");
        }
    }

    /// <summary>Skips the test, or fails it under <c>CI=true</c>, when the server is not available.</summary>
    public void SkipIfUnavailable()
    {
        if (Unavailable is not { } reason)
        {
            return;
        }

        if (IsCi)
        {
            Assert.Fail($"CI=true and PostgreSQL is not available: {reason}");
        }

        throw new SkipException(reason);
    }

    /// <summary>
    /// Creates a database named <c>{prefix}_{random hex}</c> (lowercased, characters other than letters, digits and
    /// underscores replaced by underscores, cut to PostgreSQL's 63), applies <see cref="DatabaseSchema"/> to it and
    /// answers its connection string.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var stem = NotInName().Replace(prefix.ToLowerInvariant(), "_");
        var name = $"{stem[..Math.Min(stem.Length, MaxNameLength - SuffixHexDigits - 1)]}_{RandomNumberGenerator.GetHexString(SuffixHexDigits, lowercase: true)}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        lock (_gate)
        {
            _databases.Add(name);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(_connectionString) { Database = name, MaxPoolSize = SiloPoolSize }.ConnectionString;
        await DatabaseSchema.ApplyAsync(connectionString);
        return connectionString;
    }

    public async Task DisposeAsync()
    {
        string[] databases;
        lock (_gate)
        {
            databases = [.. _databases];
            _databases.Clear();
        }

        foreach (var name in databases)
        {
            try
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            }
            catch (Exception)
            {
                // A database left behind costs disk space only; its name never comes back.
            }
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        // Unpooled: a pooled session would keep the maintenance database busy after the fixture is gone.
        var admin = new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"Host={builder.Host};Port={builder.Port}";
        }
        catch (ArgumentException)
        {
            return $"an unreadable {EnvironmentVariable}";
        }
    }

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex NotInName();
}
