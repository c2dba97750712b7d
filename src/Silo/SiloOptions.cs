namespace Authz.Silo;

/// <summary>The <c>Orleans</c> configuration section.</summary>
public sealed class AuthzSiloOptions
{
    public const string Section = "Orleans";

    /// <summary>Port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (gateways) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;
}
