namespace Authz.Grains.Domain;

/// <summary>A user to create: the server picks the id when none is given.</summary>
[GenerateSerializer, Immutable, Alias("authz.NewUser")]
public sealed record NewUser(
    [property: Id(0)] string? UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string GivenName,
    [property: Id(3)] string FamilyName);
