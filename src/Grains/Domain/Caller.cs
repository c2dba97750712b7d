namespace Authz.Grains.Domain;

[GenerateSerializer, Alias("authz.CallerKind")]
public enum CallerKind
{
    Anonymous = 0,
    /// <summary>Runs the service; holds the operator credential from configuration.</summary>
    Operator = 1,
    /// <summary>A partner platform with an API key scoped to the organizations it serves.</summary>
    Platform = 2,
    /// <summary>A user of one organization, signed in with a bearer token.</summary>
    User = 3,
}

/// <summary>Who makes a request, as authenticated by the gateway. The domain decides what they may do.</summary>
[GenerateSerializer, Immutable, Alias("authz.Caller")]
public sealed record Caller(
    [property: Id(0)] CallerKind Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] string? OrganizationId,
    [property: Id(3)] string? Email,
    [property: Id(4)] string[] Organizations,
    [property: Id(5)] string? ImpersonatorId)
{
    public static Caller Anonymous { get; } = new(CallerKind.Anonymous, "anonymous", null, null, [], null);

    public static Caller Operator { get; } = new(CallerKind.Operator, "operator", null, null, [], null);

    /// <param name="organizations">Sorted ordinally.</param>
    public static Caller Platform(string keyId, string[] organizations) => new(CallerKind.Platform, keyId, null, null, organizations, null);

    /// <param name="email">The e-mail the organization holds for the user, verified by activation.</param>
    /// <param name="impersonatorId">The team administrator signed in as this user (ADM-7), if any.</param>
    public static Caller User(string organizationId, string userId, string email, string? impersonatorId = null) =>
        new(CallerKind.User, userId, organizationId, email, [], impersonatorId);

    /// <summary>How the audit log names the caller.</summary>
    public string Describe() => Kind switch
    {
        CallerKind.Operator => "operator",
        CallerKind.Platform => $"api-key/{Id}",
        CallerKind.User when ImpersonatorId is not null => $"user/{ImpersonatorId} as user/{Id}",
        CallerKind.User => $"user/{Id}",
        _ => "anonymous",
    };
}
