using Npgsql;

namespace Authz.Silo.Database;

/// <summary>
/// The service's PostgreSQL schema (<c>authz-schema.sql</c>, embedded): the tables and the <c>OrleansQuery</c> rows
/// that Orleans' ADO.NET grain storage, clustering and reminder providers read.
/// </summary>
public static class DatabaseSchema
{
    /// <summary>The version the embedded script records in <c>authz_schema_version</c>.</summary>
    public const int Version = 1;

    private const string ResourceName = "Authz.Silo.Database.authz-schema.sql";

    /// <summary>
    /// The key of the transaction-scoped advisory lock that serializes migrations: every silo of every version of the
    /// service must use the same one. ("authz" in ASCII.)
    /// </summary>
    private const long MigrationLock = 0x61_75_74_68_7A;

    private static readonly Lazy<string> Script = new(ReadScript);

    /// <summary>
    /// Creates or upgrades the schema in one transaction. Safe to run again and from several silos at once: they take
    /// turns on an advisory lock, and every statement is idempotent. A database already at a newer version (a newer
    /// silo migrated it first, as in a rolling deployment) is left as it is, so an older silo never downgrades the
    /// queries.
    /// </summary>
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken);
        if (await AppliedVersionAsync(connection, cancellationToken) > Version)
        {
            return;
        }

        await ExecuteAsync(connection, Script.Value, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Creates the database the connection string names when the server says it does not exist (PostgreSQL error
    /// 3D000), connecting to the server's <c>postgres</c> database to do so; answers whether it created it. Needs the
    /// CREATEDB privilege only when the database is missing.
    /// </summary>
    public static async Task<bool> EnsureDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync(cancellationToken);
            return false;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            var target = new NpgsqlConnectionStringBuilder(connectionString);
            var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            var name = target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal);
            await ExecuteAsync(connection, $"CREATE DATABASE \"{name}\"", cancellationToken);
            return true;
        }
    }

    /// <summary>
    /// Whether the database answers <c>SELECT 1</c> within <paramref name="timeout"/> (connecting included), through a
    /// pool of its own of one connection: a probe neither waits behind a busy pool nor widens it. Failures are answered
    /// with false; only the caller's own cancellation throws.
    /// </summary>
    public static async Task<bool> IsReachableAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        var bounded = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = seconds, CommandTimeout = seconds, MaxPoolSize = 1 }.ConnectionString;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var connection = new NpgsqlConnection(bounded);
            await connection.OpenAsync(deadline.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            return await command.ExecuteScalarAsync(deadline.Token) is 1;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<int> AppliedVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('authz_schema_version') IS NOT NULL", connection);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return 0;
        }

        await using var applied = new NpgsqlCommand("SELECT COALESCE(max(version), 0) FROM authz_schema_version", connection);
        return (int)(await applied.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string ReadScript()
    {
        using var stream = typeof(DatabaseSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(DatabaseSchema).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
