namespace Authz.Grains.Domain;

/// <summary>A role as the organization stores it. Permission ids are kept sorted.</summary>
[GenerateSerializer, Immutable, Alias("authz.RoleDefinition")]
public sealed record RoleDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string[] PermissionIds,
    [property: Id(3)] bool Predefined,
    [property: Id(4)] DateTimeOffset CreateTime,
    [property: Id(5)] long Sequence);
