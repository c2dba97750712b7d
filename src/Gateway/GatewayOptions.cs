namespace Authz.Gateway;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>
    /// The largest request message accepted; larger ones are RESOURCE_EXHAUSTED before they are read. Well above the
    /// largest valid request (an API key for 10,000 organizations, about 0.7 MB), far below gRPC's default of 4 MB.
    /// </summary>
    public const int MaxRequestBytes = 1024 * 1024;

    /// <summary>The address the gRPC endpoint listens on.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The gRPC port (plain-text HTTP/2); 0 picks a free port.</summary>
    public int Port { get; set; } = 50051;

    /// <summary>Serves <c>authz.bench.v1.NullChecks</c>, the load tool's transport ceiling. Off in production.</summary>
    public bool NullEndpoint { get; set; }

    /// <summary>How long a Watch stream may stay silent before it is sent a heartbeat with the head's revision token.</summary>
    public TimeSpan WatchHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
