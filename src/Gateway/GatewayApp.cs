using Authz.Gateway.Parsing;
using Authz.Gateway.Security;
using Authz.Gateway.Services;
using Authz.Grains.Domain;
using Authz.Grains.Units;
using Authz.Silo;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Authz.Gateway;

/// <summary>
/// The gateway host: gRPC API, reflection and health. In the development default it hosts its own in-memory silo;
/// with <c>Orleans:Storage=AdoNet</c> it is an Orleans client of the silos that share its database.
/// </summary>
public static class GatewayApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args).AddGatewayLogging();
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(System.Net.IPAddress.Parse(options.Address), options.Port, listen => listen.Protocols = HttpProtocols.Http2));
        var orleans = AuthzSiloOptions.From(builder.Configuration);
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (orleans.Database is { } database)
        {
            if (auth.UsesDevelopmentCredentials)
            {
                throw new InvalidOperationException(
                    "a clustered gateway needs the shared credentials: set Auth:SigningKeys:0 and Auth:OperatorKey (environment: Auth__SigningKeys__0, Auth__OperatorKey)");
            }

            builder.UseOrleansClient(client => client.AddAuthzClient(orleans, database));

            // A client holds no units, so its checks always take the grain path.
            builder.Services.AddSingleton<LocalUnitViews>();
        }
        else
        {
            builder.UseOrleans(silo => silo.AddAuthzSilo(builder.Configuration));
            auth = auth.WithDevelopmentDefaults();
        }

        AddAuthentication(builder.Services, auth);
        builder.Services.AddSingleton(AccessPolicies.Default);
        builder.Services.AddAnonymousCallerLimits(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<AssignmentWatch>();
        builder.Services.Configure<SupportOptions>(builder.Configuration.GetSection(SupportOptions.Section));
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<DomainErrorInterceptor>();
            grpc.Interceptors.Add<AccessInterceptor>();
            // After the access check: a caller without a credential is answered UNAUTHENTICATED whatever the body.
            grpc.Interceptors.Add<RequestValidationInterceptor>();
            grpc.EnableDetailedErrors = false;
            grpc.MaxReceiveMessageSize = GatewayOptions.MaxRequestBytes;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddAuthzGrpcHealthChecks().AddCheck<ClusterHealthCheck>("cluster").AddStorageCheck(orleans.Database);
        builder.Services.AddMalformedRequestRefusal();
        builder.Services.AddAuthzTelemetry("authz-gateway");
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseRateLimiter();
        app.UseMiddleware<CallerAuthenticationMiddleware>();
        app.MapGrpcService<OrganizationsService>();
        app.MapGrpcService<UnitsService>();
        app.MapGrpcService<UsersService>();
        app.MapGrpcService<PermissionsService>();
        app.MapGrpcService<RolesService>();
        app.MapGrpcService<AssignmentsService>();
        app.MapGrpcService<ChecksService>();
        app.MapGrpcService<SessionsService>();
        app.MapGrpcService<AdministratorsService>();
        app.MapGrpcService<ApiKeysService>();
        app.MapGrpcService<AuditService>();
        app.MapGrpcService<TeamFoldersService>();
        app.MapGrpcService<LegalHoldsService>();
        app.MapGrpcService<BillingService>();
        app.MapGrpcService<ReportsService>();
        if (options.NullEndpoint)
        {
            app.MapGrpcService<NullChecksService>();
        }

        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            SiloConfiguration.LogStorageMode(app.Logger, app.Configuration);
            if (auth.DevelopmentCredentialsPath is { } path)
            {
                app.Logger.LogWarning(
                    "Development credentials from {Path}: operator key {OperatorKey}. Mint a user token with: dotnet run --project src/Gateway -- mint-token <organization> <user>",
                    path, auth.OperatorKey);
            }
        });
        return app;
    }

    /// <summary>
    /// Bearer credentials: JWTs (people) go to the JWT handler; anything else is the operator key or an API key.
    /// Authentication only establishes the caller; <see cref="AccessInterceptor"/> decides.
    /// </summary>
    private static void AddAuthentication(IServiceCollection services, AuthOptions auth)
    {
        const string Selector = "Bearer credential";
        services.AddSingleton(auth);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TokenService>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton(new RevisionTokenCodec(auth.SigningKeys.Select(Convert.FromBase64String)));
        services.AddSingleton<RequestRevisions>();
        var validation = new TokenService(auth, TimeProvider.System).ValidationParameters();
        services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, Selector, options => options.ForwardDefaultSelector = context =>
                BearerCredential.From(context.Request) is { } credential && BearerCredential.IsJwt(credential)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = validation;
                options.Events = new JwtBearerEvents { OnTokenValidated = JwtCallers.OnTokenValidatedAsync };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
    }
}
