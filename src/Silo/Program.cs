using Authz.Silo;
using Authz.Silo.Database;

if (args.Contains(SiloApp.SetupDatabaseSwitch))
{
    var configuration = new ConfigurationBuilder().AddEnvironmentVariables()
        .AddCommandLine(args.Where(arg => arg != SiloApp.SetupDatabaseSwitch).ToArray()).Build();
    var connectionString = configuration.GetConnectionString(AuthzSiloOptions.ConnectionStringName)
        ?? throw new InvalidOperationException(
            $"set ConnectionStrings:{AuthzSiloOptions.ConnectionStringName} (environment: ConnectionStrings__{AuthzSiloOptions.ConnectionStringName})");
    if (await DatabaseSchema.EnsureDatabaseAsync(connectionString))
    {
        Console.WriteLine("Created the database.");
    }

    await DatabaseSchema.ApplyAsync(connectionString);
    Console.WriteLine("The database schema is up to date.");
    return;
}

await using var app = SiloApp.Build(args);
await app.RunAsync();
