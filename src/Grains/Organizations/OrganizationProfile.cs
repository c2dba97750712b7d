using Authz.Grains.Domain;

namespace Authz.Grains.Organizations;

[GenerateSerializer, Immutable, Alias("authz.OrganizationProfile")]
public sealed record OrganizationProfile(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] Plan Plan,
    [property: Id(3)] OrganizationStructure Structure,
    [property: Id(4)] AddOn[] AddOns,
    [property: Id(5)] DateTimeOffset CreateTime);
