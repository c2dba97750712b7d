using Authz.Grains.Domain;

namespace Authz.Grains.Queries;

[GenerateSerializer, Alias("authz.DenialReason")]
public enum DenialReason
{
    UserNotFound = 1,
    NoRoleInUnit = 2,
    NoRoleGrantsPermission = 3,
    RoleNotInEffect = 4,
}

/// <summary>Why a check answers what it answers (CHK-3): the roles held in the unit, and the unit they are inherited from.</summary>
[GenerateSerializer, Immutable, Alias("authz.Explanation")]
public sealed record Explanation(
    [property: Id(0)] string UnitId,
    [property: Id(1)] RoleEvaluation[] Roles,
    [property: Id(2)] DenialReason? Denial,
    [property: Id(3)] string? OriginUnitId)
{
    public bool Allowed => Denial is null;

    public static Explanation Of(string unitId, RoleEvaluation[] roles, string? originUnitId, bool userExists) =>
        new(unitId, roles, roles.Any(role => role.GrantsPermission) ? null
            : !userExists ? DenialReason.UserNotFound
            : roles.Length == 0 ? DenialReason.NoRoleInUnit
            : roles.Any(role => role.ContainsPermission) ? DenialReason.RoleNotInEffect
            : DenialReason.NoRoleGrantsPermission,
            originUnitId);
}
