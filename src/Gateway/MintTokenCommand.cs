using Authz.Api.V1;
using Authz.Gateway.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Authz.Gateway;

/// <summary>
/// <c>mint-token</c>: a bearer token for an existing, active user, to try the API locally. It starts no service: in
/// the development default the users exist only in the running service's memory, so it asks that service, as the
/// operator, whether the organization and the user exist and the user is active, signs with the same key
/// (configured, or the development file), and calls the service once with the token, so it never prints a token
/// the service would refuse.
/// </summary>
public static class MintTokenCommand
{
    public const string Name = "mint-token";
    public const int Refused = 1;
    public const int UsageError = 2;
    public const string Usage =
        "usage: dotnet run --project src/Gateway -- mint-token <organization> <user> [--Gateway:Address=<address>] [--Gateway:Port=<port>]\n"
        + "Prints a bearer token for an active user of the running service, signed with its key (Auth:SigningKeys:0, or the development credentials).";

    /// <summary>Runs the command on the arguments after <see cref="Name"/>; answers the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var settings = args.Where(IsSetting).ToArray();
        if (args.Where(arg => !IsSetting(arg)).ToArray() is not [var organizationId, var userId])
        {
            await error.WriteLineAsync(Usage);
            return UsageError;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().AddCommandLine(settings).Build();
        var auth = (configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions()).WithDevelopmentDefaults();
        if (auth.OperatorKey is not { } operatorKey)
        {
            await error.WriteLineAsync("mint-token asks the service as the operator: set Auth:OperatorKey as the service has it");
            return Refused;
        }

        var service = ServiceAddress(configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions());
        using var channel = GrpcChannel.ForAddress(service);
        var request = new GetUserRequest { OrganizationId = organizationId, UserId = userId };
        try
        {
            var asOperator = channel.Intercept(Bearer(operatorKey));
            await new Organizations.OrganizationsClient(asOperator).GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = organizationId });
            var user = await new Users.UsersClient(asOperator).GetUserAsync(request);
            if (user.State != UserState.Active)
            {
                await error.WriteLineAsync($"user '{userId}' of organization '{organizationId}' is {user.State}: only an active user can be given a token (activate the account first)");
                return Refused;
            }

            var token = new TokenService(auth, TimeProvider.System).Issue(organizationId, userId, sessionGeneration: 0).Token;
            await new Users.UsersClient(channel.Intercept(Bearer(token))).GetUserAsync(request);
            await output.WriteLineAsync(token);
            return 0;
        }
        catch (RpcException refusal) when (refusal.StatusCode == StatusCode.Unavailable)
        {
            await error.WriteLineAsync($"no service answers at {service}: start it (dotnet run --project src/Gateway), or name its port with --Gateway:Port=<port>");
            return Refused;
        }
        catch (RpcException refusal)
        {
            await error.WriteLineAsync(refusal.StatusCode == StatusCode.Unauthenticated
                ? $"the service at {service} refused the token for '{userId}' ({refusal.Status.Detail}): sign in with Sessions/SignIn instead"
                : $"{refusal.Status.Detail} (at {service})");
            return Refused;
        }
    }

    private static bool IsSetting(string arg) => arg.StartsWith("--", StringComparison.Ordinal);

    private static Uri ServiceAddress(GatewayOptions gateway)
    {
        var host = gateway.Address is "0.0.0.0" or "::" ? "127.0.0.1" : gateway.Address;
        return new UriBuilder(Uri.UriSchemeHttp, host, gateway.Port).Uri;
    }

    private static Func<Metadata, Metadata> Bearer(string credential) => metadata =>
    {
        metadata.Add("authorization", $"Bearer {credential}");
        return metadata;
    };
}
