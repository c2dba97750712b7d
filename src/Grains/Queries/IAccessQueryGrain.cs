namespace Authz.Grains.Queries;

/// <summary>
/// Read-only questions that span several units or users of one organization. A stateless worker keyed by
/// organization id: it only gathers answers from the grains that own the data.
/// </summary>
[Alias("authz.IAccessQueryGrain")]
public interface IAccessQueryGrain : IGrainWithStringKey
{
    /// <summary>Ordered by unit id then user id; filters are optional (ASG-5).</summary>
    [Alias("ListAssignments")]
    Task<AssignmentPage> ListAssignmentsAsync(string[] unitIds, string[] userIds, string? pageToken, int pageSize);

    /// <summary>Every unit where the user holds roles, ordered by unit id; empty if none (USR-6).</summary>
    [Alias("ListUserAccesses")]
    Task<Units.AssignmentView[]> ListUserAccessesAsync(string userId);

    /// <summary>The units where the user holds the permission, ordered by id (CHK-2).</summary>
    [Alias("LookupUnits")]
    Task<string[]> LookupUnitsAsync(string userId, string permissionId);

    [Alias("Explain")]
    Task<Explanation> ExplainAsync(string userId, string unitId, string permissionId);
}
