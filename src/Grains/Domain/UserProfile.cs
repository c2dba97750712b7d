namespace Authz.Grains.Domain;

[GenerateSerializer, Immutable, Alias("authz.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string GivenName,
    [property: Id(3)] string FamilyName,
    [property: Id(4)] UserStatus Status,
    [property: Id(5)] DateTimeOffset CreateTime,
    [property: Id(6)] DateTimeOffset? ActivateTime = null);
