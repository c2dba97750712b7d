using System.Runtime.CompilerServices;
using System.Security.Claims;
using Authz.Api.V1;
using Authz.Gateway;
using Authz.Gateway.Security;
using Authz.Grains.ApiKeys;
using Authz.Tests.Api;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime.Messaging;

namespace Authz.Tests.Security.Attacks;

/// <summary>
/// Attacks on the request pipeline (issue 13, findings 8, 10, 11, 13 and 14): every failure reaches the client as
/// the right gRPC status, never UNKNOWN or HTTP 500, and changes nothing.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class PipelineAttackTests(GatewayFixture gateway)
{
    /// <summary>U+D800 encoded as if it were a character: not UTF-8.</summary>
    private static readonly byte[] LoneSurrogate = [0xED, 0xA0, 0x80];

    [Fact, Trait("Rule", "ADM-7")]
    public async Task Finding10_the_token_of_a_deleted_impersonating_administrator_is_unauthenticated_and_changes_nothing()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.ActivateAsync(TestOrganization.FirstAdministrator);
        var team = await organization.MemberAsync("team", "team-admin");
        var bob = await organization.MemberAsync("bob");
        var asBob = gateway.As((await team.Sessions.ImpersonateAsync(new ImpersonateRequest { OrganizationId = organization.Id, UserId = "bob" })).AccessToken);
        await gateway.Users.DeleteUserAsync(new DeleteUserRequest { OrganizationId = organization.Id, UserId = "team" });

        var endSessions = await Rpc.StatusAsync(() => asBob.Users.EndSessionsAsync(new EndSessionsRequest { OrganizationId = organization.Id, UserId = "bob" }).ResponseAsync);
        var read = await Rpc.StatusAsync(() => asBob.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = "bob" }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, endSessions);
        Assert.Equal(StatusCode.Unauthenticated, read);
        Assert.Equal(StatusCode.OK, await Rpc.StatusAsync(() => bob.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = "bob" }).ResponseAsync));
    }

    [Fact, Trait("Rule", "ADM-7")]
    public async Task Finding10_the_operator_is_refused_an_impersonation_token_and_a_token_naming_it_is_unauthenticated()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var bob = await organization.MemberAsync("bob");
        var forged = gateway.As(gateway.Tokens.Issue(organization.Id, "bob", sessionGeneration: 0, impersonatorId: "operator").Token);

        var issued = await Rpc.StatusAsync(() => gateway.Operator.Sessions.ImpersonateAsync(new ImpersonateRequest { OrganizationId = organization.Id, UserId = "bob" }).ResponseAsync);
        var used = await Rpc.StatusAsync(() => forged.Users.EndSessionsAsync(new EndSessionsRequest { OrganizationId = organization.Id, UserId = "bob" }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, issued);
        Assert.Equal(StatusCode.Unauthenticated, used);
        Assert.Equal(StatusCode.OK, await Rpc.StatusAsync(() => bob.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = "bob" }).ResponseAsync));
    }

    [Fact]
    public async Task Finding11_anonymous_caller_gets_unauthenticated_before_any_validation()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var settings = await gateway.Organizations.GetSettingsAsync(new GetSettingsRequest { OrganizationId = organization.Id });

        var check = await RefusalAsync(() => gateway.Anonymous.Checks.CheckAsync(new CheckRequest()).ResponseAsync);
        var update = await RefusalAsync(() => gateway.Anonymous.Organizations.UpdateSettingsAsync(
            new UpdateSettingsRequest { OrganizationId = organization.Id, UpdateMask = new FieldMask { Paths = { "bogus" } } }).ResponseAsync);
        var assign = await RefusalAsync(() => gateway.Anonymous.Assignments.AssignRolesAsync(new AssignRolesRequest()).ResponseAsync);

        Assert.All([check, update, assign], refusal => Assert.Equal(StatusCode.Unauthenticated, refusal.StatusCode));
        Assert.All([check, update, assign], refusal => Assert.Equal(assign.Status.Detail, refusal.Status.Detail));
        Assert.Equal(settings, await gateway.Organizations.GetSettingsAsync(new GetSettingsRequest { OrganizationId = organization.Id }));
    }

    [Fact]
    public async Task Finding14_a_cluster_failure_during_authentication_is_unavailable_not_http_500()
    {
        var http = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton<IAuthenticationService>(new UnreachableCluster()).BuildServiceProvider(),
        };
        var reachedEndpoint = false;
        await new CallerAuthenticationMiddleware(_ =>
        {
            reachedEndpoint = true;
            return Task.CompletedTask;
        }).InvokeAsync(http);
        var access = new AccessInterceptor(AccessPolicies.Default, null!, null!, NullLogger<AccessInterceptor>.Instance);
        var call = new FakeServerCallContext("/authz.v1.Checks/Check", http);

        var refusal = await Assert.ThrowsAsync<RpcException>(() => new DomainErrorInterceptor(NullLogger<DomainErrorInterceptor>.Instance).UnaryServerHandler(
            new CheckRequest(), call, (request, context) => access.UnaryServerHandler(request, context, (_, _) => Task.FromResult(new CheckResponse()))));

        Assert.True(reachedEndpoint);
        Assert.Equal(StatusCode.Unavailable, refusal.StatusCode);
    }

    [Fact]
    public async Task Finding14_every_exception_orleans_throws_while_a_silo_is_gone_is_unavailable_and_anything_else_internal()
    {
        var unreachable = new[]
        {
            new SiloUnavailableException(), Uninitialized<OrleansMessageRejectionException>(), new ConnectionFailedException("refused"),
            new TimeoutException(), new GatewayTooBusyException(), Uninitialized<ClientNotAvailableException>(), Uninitialized<OrleansLifecycleCanceledException>(),
        };
        var broken = new Exception[] { new InvalidOperationException(), new OrleansException("a grain call failed"), new OrleansConfigurationException("bad"), new NullReferenceException() };

        foreach (var error in unreachable)
        {
            Assert.Equal(StatusCode.Unavailable, await StatusOfAsync(error));
        }

        foreach (var error in broken)
        {
            Assert.Equal(StatusCode.Internal, await StatusOfAsync(error));
        }
    }

    [Fact]
    public async Task Finding8_random_api_key_ids_leave_no_cache_entry_and_no_grain_activation()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var cache = gateway.Services.GetRequiredService<ApiKeyCache>();
        var management = gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var cachedBefore = cache.Count;
        var request = new CheckRequest { OrganizationId = organization.Id, UserId = TestOrganization.FirstAdministrator, UnitId = "u1", PermissionId = "docs.read" };

        var statuses = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ =>
            Rpc.StatusAsync(() => gateway.As(ApiKeyCredential.Format($"k{Guid.NewGuid():N}", "guessed-secret")).Checks.CheckAsync(request).ResponseAsync)));

        Assert.All(statuses, status => Assert.Equal(StatusCode.Unauthenticated, status));
        Assert.Equal(cachedBefore, cache.Count);
        await Eventually.TrueAsync(async () => (await management.GetSimpleGrainStatistics())
            .Where(statistic => statistic.GrainType.Contains(nameof(ApiKeyGrain), StringComparison.Ordinal)).Sum(statistic => statistic.ActivationCount) < 10,
            TimeSpan.FromSeconds(20), "the grains of API-key ids that name nothing to deactivate");
    }

    [Fact]
    public async Task Finding13_a_string_field_holding_invalid_utf8_is_invalid_argument_and_changes_nothing()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var units = await gateway.Units.ListUnitsAsync(new ListUnitsRequest { OrganizationId = organization.Id });
        var createUnit = new CreateUnitRequest { OrganizationId = organization.Id, UnitId = "u1", DisplayName = "Unit" };
        var body = RpcTable.WithRawString(createUnit, CreateUnitRequest.DisplayNameFieldNumber, LoneSurrogate);

        var asOperator = await RefusalAsync(() => RawUnaryAsync(gateway.Operator.Invoker, body));
        var anonymous = await RefusalAsync(() => RawUnaryAsync(gateway.Anonymous.Invoker, body));

        Assert.Equal(StatusCode.InvalidArgument, asOperator.StatusCode);
        Assert.Contains("UTF-8", asOperator.Status.Detail, StringComparison.Ordinal);
        // Parsing precedes every interceptor, so an anonymous caller learns the body is malformed, and nothing more.
        Assert.Equal(StatusCode.InvalidArgument, anonymous.StatusCode);
        Assert.Equal(units, await gateway.Units.ListUnitsAsync(new ListUnitsRequest { OrganizationId = organization.Id }));
    }

    /// <summary>One of the Orleans exceptions only Orleans may construct.</summary>
    private static Exception Uninitialized<T>() where T : Exception => (T)RuntimeHelpers.GetUninitializedObject(typeof(T));

    private static async Task<RpcException> RefusalAsync(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    private static async Task<StatusCode> StatusOfAsync(Exception error)
    {
        var call = new FakeServerCallContext("/authz.v1.Checks/Check", new DefaultHttpContext());
        var refusal = await Assert.ThrowsAsync<RpcException>(() => new DomainErrorInterceptor(NullLogger<DomainErrorInterceptor>.Instance)
            .UnaryServerHandler<CheckRequest, CheckResponse>(new CheckRequest(), call, (_, _) => throw error));
        return refusal.StatusCode;
    }

    private static async Task RawUnaryAsync(CallInvoker invoker, byte[] body)
    {
        var bytes = Marshallers.Create((byte[] message) => message, message => message);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "authz.v1.Units", "CreateUnit", bytes, bytes);
        await invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), body);
    }

    /// <summary>Authentication whose key or account lookup cannot reach a silo.</summary>
    private sealed class UnreachableCluster : IAuthenticationService
    {
        public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) => throw new SiloUnavailableException();

        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => Task.CompletedTask;

        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => Task.CompletedTask;

        public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) => Task.CompletedTask;

        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => Task.CompletedTask;
    }
}
