using System.Diagnostics;
using Authz.Silo;
using Npgsql;

namespace Authz.Tests.Storage;

/// <summary>The documented set-up command, run as operators run it: a process of the built silo.</summary>
public sealed class SetupDatabaseTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [SkippableFact]
    public async Task The_setup_command_creates_a_missing_database_applies_the_schema_and_is_safe_to_run_again()
    {
        postgres.SkipIfUnavailable();
        var scratch = await postgres.CreateDatabaseAsync("setup");
        var missing = new NpgsqlConnectionStringBuilder(scratch) { Database = new NpgsqlConnectionStringBuilder(scratch).Database + "_new" }.ConnectionString;
        try
        {
            Assert.Contains("Created the database.", await SetupAsync(missing));
            Assert.DoesNotContain("Created the database.", await SetupAsync(missing));

            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(missing) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM OrleansQuery", connection);
            Assert.Equal(21L, await count.ExecuteScalarAsync());
        }
        finally
        {
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(scratch) { Pooling = false }.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(missing).Database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<string> SetupAsync(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(SiloApp).Assembly.Location, SiloApp.SetupDatabaseSwitch])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__Authz"] = connectionString },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"--setup-database exited with {process.ExitCode}: {await errors}");
        return await output;
    }
}
