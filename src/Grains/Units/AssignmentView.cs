using Authz.Grains.Domain;

namespace Authz.Grains.Units;

[GenerateSerializer, Immutable, Alias("authz.AssignedRole")]
public sealed record AssignedRole(
    [property: Id(0)] string RoleId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] DateTimeOffset? ValidFrom,
    [property: Id(3)] DateTimeOffset? ValidUntil);

/// <summary>The roles one user holds in one unit, with the roles' current names, and where they come from (INH-10).</summary>
[GenerateSerializer, Immutable, Alias("authz.AssignmentView")]
public sealed record AssignmentView(
    [property: Id(0)] string UserId,
    [property: Id(1)] string UnitId,
    [property: Id(2)] AssignedRole[] Roles,
    [property: Id(3)] string? OriginUnitId,
    [property: Id(4)] InheritanceMode? Inheritance);

/// <summary>What a write answers: the user's roles in the unit afterwards and the write's revision token (CHK-4).</summary>
[GenerateSerializer, Immutable, Alias("authz.WriteResult")]
public sealed record WriteResult(
    [property: Id(0)] AssignmentView Assignment,
    [property: Id(1)] RevisionToken Token);

[GenerateSerializer, Immutable, Alias("authz.UserCheck")]
public sealed record UserCheck(
    [property: Id(0)] string UserId,
    [property: Id(1)] string PermissionId);

[GenerateSerializer, Immutable, Alias("authz.UserIdPage")]
public sealed record UserIdPage(
    [property: Id(0)] string[] UserIds,
    [property: Id(1)] bool HasMore);

/// <summary>The roles a user holds in a unit evaluated against a permission, and the unit they are inherited from (CHK-3).</summary>
[GenerateSerializer, Immutable, Alias("authz.HoldingEvaluation")]
public sealed record HoldingEvaluation(
    [property: Id(0)] RoleEvaluation[] Roles,
    [property: Id(1)] string? OriginUnitId);

/// <summary>A user's holding in a unit before and after a planned change.</summary>
[GenerateSerializer, Immutable, Alias("authz.HoldingDelta")]
public sealed record HoldingDelta(
    [property: Id(0)] string UserId,
    [property: Id(1)] RoleHolding? Before,
    [property: Id(2)] RoleHolding? After)
{
    /// <summary>Whether the change reaches the unit's descendants (the roles here are passed on, before or after).</summary>
    public bool SendsDown => Before?.Inheritance is not null || After?.Inheritance is not null;
}
