using System.Diagnostics.Tracing;
using System.Globalization;
using Authz.Api.V1;
using Grpc.Core;
using Microsoft.Diagnostics.NETCore.Client;

namespace Authz.Load;

/// <summary>
/// <c>--anonymous-abuse</c>: what callers without a credential can make the service keep (issue 13, findings 6 and 8).
/// 20 anonymous sign-ins with a 4 MB e-mail naming a real organization, then 10,000 anonymous calls with random
/// ids (SignIn and RedeemLink naming random organizations, Check with random API keys), each followed by a reading
/// of the service's resident memory after a full garbage collection in the service. Passes when both together leave
/// it within <see cref="AllowedGrowth"/> of where it started.
/// </summary>
public static class AnonymousAbuse
{
    public const long AllowedGrowth = 20L * 1024 * 1024;
    private const int LargeCalls = 20;
    private const int RandomCalls = 10_000;
    private const int Parallelism = 8;

    /// <summary>One in this many random calls is a SignIn: each verifies a password (tens of ms of CPU by design).</summary>
    private const int SignInShare = 20;

    /// <summary>The review's attack: just under gRPC's default 4 MB limit (the service accepts at most 1 MiB a request).</summary>
    private const int LargeEmailLength = 4 * 1024 * 1024 - 4096;

    /// <summary>The runtime's <c>GCHeapCollect</c> keyword: enabling it in an EventPipe session makes the process run a full, blocking GC.</summary>
    private const long GCHeapCollectKeyword = 0x800000;

    /// <summary>
    /// The rate limit on SignIn and RedeemLink is lifted in the service under test, so every call reaches the code that
    /// would keep something: the worst case, not the refusals the limit would answer for almost all of them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ServiceEnvironment = new Dictionary<string, string>
    {
        ["AnonymousCallers__SessionCallsPerWindow"] = "1000000000",
    };

    public static async Task<int> RunAsync(ServiceUnderTest service, TextWriter output, CancellationToken cancellationToken)
    {
        if (service.ProcessId is not { } processId)
        {
            await output.WriteLineAsync("--anonymous-abuse reads the service's memory: pass --service-pid with --target");
            return 2;
        }

        var invoker = service.Channel.CreateCallInvoker();
        var operatorHeaders = new Metadata { { "authorization", $"Bearer {service.OperatorKey}" } };
        var organizationId = $"abuse-{Guid.NewGuid():N}"[..24];
        await new Organizations.OrganizationsClient(invoker).CreateOrganizationAsync(
            TenantLoader.NewOrganization(organizationId, "Anonymous abuse"), operatorHeaders, cancellationToken: cancellationToken);
        var sessions = new Sessions.SessionsClient(invoker);
        var checks = new Checks.ChecksClient(invoker);

        // Warm-up: the same calls, so code paths, caches and connection pools exist before the first reading.
        await RandomCallsAsync(sessions, checks, 200, cancellationToken);
        await SignInAsync(sessions, organizationId, "warm-up@example.org", cancellationToken);
        var start = await SettledResidentBytesAsync(processId, cancellationToken);

        var largeEmail = new string('a', LargeEmailLength - "@example.org".Length) + "@example.org";
        for (var i = 0; i < LargeCalls; i++)
        {
            await SignInAsync(sessions, organizationId, largeEmail, cancellationToken);
        }

        var afterLarge = await SettledResidentBytesAsync(processId, cancellationToken);
        await RandomCallsAsync(sessions, checks, RandomCalls, cancellationToken);
        var afterRandom = await SettledResidentBytesAsync(processId, cancellationToken);

        var growth = afterRandom - start;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"anonymous abuse (resident memory after a full GC in the service): start {Mib(start)}; after {LargeCalls} sign-ins with a {LargeEmailLength / (1024.0 * 1024):0.00} MB e-mail {Mib(afterLarge)} ({SignedMib(afterLarge - start)}); after {RandomCalls:N0} calls with random ids {Mib(afterRandom)} ({SignedMib(afterRandom - afterLarge)}); total {SignedMib(growth)}, allowed {Mib(AllowedGrowth)}: {(growth <= AllowedGrowth ? "PASS" : "FAIL")}"));
        return growth <= AllowedGrowth ? 0 : 1;
    }

    private static async Task RandomCallsAsync(Sessions.SessionsClient sessions, Checks.ChecksClient checks, int count, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Parallelism).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var organizationId = RandomId("org");
                await RefusedAsync((i % SignInShare) switch
                {
                    0 => (Task)sessions.SignInAsync(new SignInRequest { OrganizationId = organizationId, Email = "someone@example.org", Password = "guessed password" }, cancellationToken: cancellationToken).ResponseAsync,
                    _ when i % 2 == 0 => sessions.RedeemLinkAsync(new RedeemLinkRequest { OrganizationId = organizationId, UserId = RandomId("user"), Token = RandomId("token") }, cancellationToken: cancellationToken).ResponseAsync,
                    _ => checks.CheckAsync(
                        new CheckRequest { OrganizationId = organizationId, UserId = RandomId("user"), UnitId = RandomId("unit"), PermissionId = "docs.read" },
                        new Metadata { { "authorization", $"Bearer ak_{RandomId("key")}_{RandomId("secret")}" } }, cancellationToken: cancellationToken).ResponseAsync,
                });
            }
        }));
    }

    private static Task SignInAsync(Sessions.SessionsClient sessions, string organizationId, string email, CancellationToken cancellationToken) =>
        RefusedAsync(sessions.SignInAsync(new SignInRequest { OrganizationId = organizationId, Email = email, Password = "guessed password" }, cancellationToken: cancellationToken).ResponseAsync);

    /// <summary>Every call is expected to be refused; a refusal is the point, whatever its code.</summary>
    private static async Task RefusedAsync(Task call)
    {
        try
        {
            await call;
            throw new InvalidOperationException("an anonymous call with made-up ids succeeded");
        }
        catch (RpcException)
        {
        }
    }

    /// <summary>
    /// The service's resident memory after it has run a full blocking GC (triggered from outside through its diagnostics
    /// port, as dotnet-gcdump does) and had two seconds to give memory back: what it keeps, not garbage not yet collected.
    /// </summary>
    private static async Task<long> SettledResidentBytesAsync(int processId, CancellationToken cancellationToken)
    {
        var client = new DiagnosticsClient(processId);
        using (var session = client.StartEventPipeSession(
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GCHeapCollectKeyword), requestRundown: false))
        {
            var drain = session.EventStream.CopyToAsync(Stream.Null, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            await session.StopAsync(cancellationToken);
            await drain;
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        return Measurement.ResidentMemory.Of(processId) ?? throw new InvalidOperationException($"process {processId} is gone");
    }

    private static string RandomId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):N1} MiB");

    private static string SignedMib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):+0.0;-0.0} MiB");
}
