using Authz.Gateway;
using Authz.Gateway.Security;

if (args is ["mint-token", var organizationId, var userId, ..])
{
    // For local use: a token for an existing, active user, signed with the configured or development key.
    var configuration = new ConfigurationBuilder().AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().AddCommandLine(args[3..]).Build();
    var auth = (configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions()).WithDevelopmentDefaults();
    Console.WriteLine(new TokenService(auth, TimeProvider.System).Issue(organizationId, userId, sessionGeneration: 0).Token);
    return;
}

await using var app = GatewayApp.Build(args);
await app.RunAsync();
