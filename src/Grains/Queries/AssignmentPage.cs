using Authz.Grains.Units;

namespace Authz.Grains.Queries;

[GenerateSerializer, Immutable, Alias("authz.AssignmentPage")]
public sealed record AssignmentPage(
    [property: Id(0)] AssignmentView[] Assignments,
    [property: Id(1)] string? NextPageToken);
