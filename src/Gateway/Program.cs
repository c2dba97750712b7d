using Authz.Gateway;

if (args is [MintTokenCommand.Name, .. var commandArgs])
{
    return await MintTokenCommand.RunAsync(commandArgs, Console.Out, Console.Error);
}

await using var app = GatewayApp.Build(args);
await app.RunAsync();
return 0;
