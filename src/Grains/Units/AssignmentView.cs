namespace Authz.Grains.Units;

[GenerateSerializer, Immutable, Alias("authz.AssignedRole")]
public sealed record AssignedRole(
    [property: Id(0)] string RoleId,
    [property: Id(1)] string DisplayName);

/// <summary>The roles one user holds in one unit, with the roles' current names.</summary>
[GenerateSerializer, Immutable, Alias("authz.AssignmentView")]
public sealed record AssignmentView(
    [property: Id(0)] string UserId,
    [property: Id(1)] string UnitId,
    [property: Id(2)] AssignedRole[] Roles);

[GenerateSerializer, Immutable, Alias("authz.UserCheck")]
public sealed record UserCheck(
    [property: Id(0)] string UserId,
    [property: Id(1)] string PermissionId);

[GenerateSerializer, Immutable, Alias("authz.UserIdPage")]
public sealed record UserIdPage(
    [property: Id(0)] string[] UserIds,
    [property: Id(1)] bool HasMore);
