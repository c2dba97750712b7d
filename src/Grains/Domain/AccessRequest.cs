namespace Authz.Grains.Domain;

[GenerateSerializer, Alias("authz.AccessRule")]
public enum AccessRule
{
    /// <summary>No credential needed: the request carries its own proof (an activation link, a password).</summary>
    Anonymous = 1,
    /// <summary>The operator only (creating organizations).</summary>
    Operator = 2,
    /// <summary>Any user of the organization.</summary>
    Member = 3,
    /// <summary>Any active administrator of the organization.</summary>
    Administrator = 4,
    /// <summary>A caller holding <see cref="AccessRequest.Permission"/>.</summary>
    Permission = 5,
    /// <summary>A legal representative of the organization (ORG-4).</summary>
    LegalRepresentative = 6,
}

/// <summary>
/// What an API call needs from its caller, in the terms of the organization's own model. Built by the
/// gateway from the request; decided by <see cref="AccessControl"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.AccessRequest")]
public sealed record AccessRequest(
    [property: Id(0)] AccessRule Rule,
    [property: Id(1)] string? Permission = null)
{
    /// <summary>The permission may instead be held in every one of these units (ASG-7).</summary>
    [Id(2)]
    public string[] UnitIds { get; init; } = [];

    /// <summary>The user the request is about.</summary>
    [Id(3)]
    public string? SubjectUserId { get; init; }

    /// <summary>The subject may make this request about themselves.</summary>
    [Id(4)]
    public bool SelfAllowed { get; init; }

    /// <summary>Required instead of <see cref="Permission"/> when the subject is an administrator or officer (ADM-5).</summary>
    [Id(5)]
    public string? PermissionOverAdministrators { get; init; }

    /// <summary>Partner platforms with a key for the organization may make this request (checks).</summary>
    [Id(6)]
    public bool PlatformAllowed { get; init; }

    /// <summary>Roles the request grants, removes or edits: if one grants admin permissions, <see cref="AdminPowerPermission"/> is required too.</summary>
    [Id(7)]
    public string[] RoleIds { get; init; } = [];

    /// <summary>Permissions the request puts into a role: admin ones require <see cref="AdminPowerPermission"/> too.</summary>
    [Id(8)]
    public string[] PermissionIds { get; init; } = [];

    /// <summary>The organization-wide permission that granting or removing admin power needs (ADM-5).</summary>
    [Id(9)]
    public string? AdminPowerPermission { get; init; }

    /// <summary>
    /// The permission may instead be held in at least one unit: the request reaches only the units where it is held
    /// (<see cref="UnitReach"/>), as an export of "every unit the caller can see" does (ASG-6, ASG-7).
    /// </summary>
    [Id(10)]
    public bool InSomeUnit { get; init; }

    public static AccessRequest Open() => new(AccessRule.Anonymous);

    public static AccessRequest OperatorOnly() => new(AccessRule.Operator);

    public static AccessRequest AnyMember() => new(AccessRule.Member);

    public static AccessRequest AnyAdministrator() => new(AccessRule.Administrator);

    public static AccessRequest LegalRepresentative() => new(AccessRule.LegalRepresentative);

    public static AccessRequest Requires(string permission) => new(AccessRule.Permission, permission);
}

[GenerateSerializer, Alias("authz.AccessOutcome")]
public enum AccessOutcome
{
    Allowed = 1,
    Denied = 2,
    /// <summary>
    /// Not held organization-wide: allowed if held in every unit of <see cref="AccessRequest.UnitIds"/>, or, for
    /// <see cref="AccessRequest.InSomeUnit"/>, in at least one unit.
    /// </summary>
    DependsOnUnits = 3,
}

[GenerateSerializer, Immutable, Alias("authz.AccessVerdict")]
public sealed record AccessVerdict(
    [property: Id(0)] AccessOutcome Outcome,
    [property: Id(1)] string Reason,
    [property: Id(2)] string? UnitPermission = null)
{
    public static AccessVerdict Allowed(string reason) => new(AccessOutcome.Allowed, reason);

    public static AccessVerdict Denied(string reason) => new(AccessOutcome.Denied, reason);

    public bool IsAllowed => Outcome == AccessOutcome.Allowed;
}
