namespace Authz.Grains.Domain;

[GenerateSerializer, Immutable, Alias("authz.Permission")]
public sealed record Permission(
    [property: Id(0)] string Id,
    [property: Id(1)] string Description,
    [property: Id(2)] PermissionKind Kind);
