namespace Authz.Gateway.Security;

/// <summary>
/// The <c>AnonymousCallers</c> configuration section: how much an unauthenticated caller may ask of the service
/// (environment: <c>AnonymousCallers__SessionCallsPerWindow</c>, ...).
/// </summary>
public sealed class AnonymousCallerOptions
{
    public const string Section = "AnonymousCallers";

    /// <summary>
    /// <c>SignIn</c> and <c>RedeemLink</c> calls one source address (an IPv6 /64) may make per <see cref="SessionWindow"/>,
    /// together; beyond that they are answered RESOURCE_EXHAUSTED.
    /// </summary>
    public int SessionCallsPerWindow { get; set; } = 30;

    public TimeSpan SessionWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Refusals of unauthenticated callers are audited once per organization, source address and window; the rest
    /// of the window are written as one summary entry when it closes.
    /// </summary>
    public TimeSpan RefusalAuditWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Organization and source pairs counted at a time; refusals beyond are dropped and counted in a metric.</summary>
    public int RefusalAuditCapacity { get; set; } = 10_000;
}
