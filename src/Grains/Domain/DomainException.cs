namespace Authz.Grains.Domain;

/// <summary>The kinds of refusal the domain produces; the gateway maps each to one gRPC status code.</summary>
[GenerateSerializer, Alias("authz.DomainError")]
public enum DomainError
{
    InvalidArgument = 1,
    NotFound = 2,
    AlreadyExists = 3,
    FailedPrecondition = 4,
    PermissionDenied = 5,
    /// <summary>The caller's credentials (a password, a token) are missing or wrong.</summary>
    Unauthenticated = 6,
    /// <summary>Not answerable yet (a unit still catching up with a revision token); the same call may succeed later.</summary>
    Unavailable = 7,
    /// <summary>A concurrent write to the same data won (a storage version conflict); nothing was changed, the call may be retried.</summary>
    Aborted = 8,
}

/// <summary>A request the rules refuse. Thrown before any state changes, so a refused call changes nothing.</summary>
[GenerateSerializer, Alias("authz.DomainException")]
public sealed class DomainException : Exception
{
    public DomainException(DomainError error, string message, string? field = null) : base(message)
    {
        Error = error;
        Field = field;
    }

    [Id(0)]
    public DomainError Error { get; private set; }

    /// <summary>The request field at fault (proto name, e.g. <c>unit_id</c>), when one is.</summary>
    [Id(1)]
    public string? Field { get; private set; }

    /// <summary>
    /// Whether a call that failed with <paramref name="error"/> certainly changed nothing: a refusal, which the rules
    /// raise before anything changes, or a cancellation. Anything else (a storage failure, here or in a grain called
    /// part-way) may have left the grain's memory ahead of its storage.
    /// </summary>
    public static bool ChangedNothing(Exception error) =>
        error is DomainException { Error: not (DomainError.Unavailable or DomainError.Aborted) } or OperationCanceledException;

    public static DomainException Invalid(string field, string message) => new(DomainError.InvalidArgument, message, field);

    public static DomainException NotFound(string what, string id) => new(DomainError.NotFound, $"{what} '{id}' not found");

    public static DomainException AlreadyExists(string message) => new(DomainError.AlreadyExists, message);

    public static DomainException Precondition(string message) => new(DomainError.FailedPrecondition, message);
}
