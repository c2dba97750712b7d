namespace Authz.Grains.Export;

/// <summary>One exported access: a role a user holds in a unit, directly or inherited from an ancestor unit.</summary>
[GenerateSerializer, Immutable, Alias("authz.AccessRow")]
public sealed record AccessRow(
    [property: Id(0)] string UserId,
    [property: Id(1)] string UserEmail,
    [property: Id(2)] string UserName,
    [property: Id(3)] string UnitId,
    [property: Id(4)] string UnitName,
    [property: Id(5)] string RoleId,
    [property: Id(6)] string RoleName,
    [property: Id(7)] bool Inherited,
    [property: Id(8)] string? OriginUnitId,
    [property: Id(9)] string? OriginUnitName,
    [property: Id(10)] DateTimeOffset? ValidFrom,
    [property: Id(11)] DateTimeOffset? ValidUntil);
