using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Authz.Tests.Security.Attacks;

/// <summary>A call of <paramref name="method"/> over <paramref name="http"/>, for driving interceptors without a server.</summary>
public sealed class FakeServerCallContext(string method, HttpContext http) : ServerCallContext
{
    private readonly Dictionary<object, object> _userState = new() { ["__HttpContext"] = http };

    protected override string MethodCore => method;

    protected override string HostCore => "localhost";

    protected override string PeerCore => "ipv4:127.0.0.1:1";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => CancellationToken.None;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override IDictionary<object, object> UserStateCore => _userState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
