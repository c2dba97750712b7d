using Authz.Grains.Domain;
using Authz.Grains.Units;

namespace Authz.Grains.Queries;

/// <summary>
/// Read-only questions that span several units or users of one organization. A stateless worker keyed by
/// organization id: it only gathers answers from the grains that own the data. Given a revision token, every unit
/// read has first applied that write (CHK-4).
/// </summary>
[Alias("authz.IAccessQueryGrain")]
public interface IAccessQueryGrain : IGrainWithStringKey
{
    /// <summary>Ordered by unit id then user id; filters are optional (ASG-5).</summary>
    [Alias("ListAssignments")]
    Task<AssignmentPage> ListAssignmentsAsync(string[] unitIds, string[] userIds, string? pageToken, int pageSize, RevisionToken? token);

    /// <summary>
    /// The units where the user holds roles, ordered by unit id; empty if none (USR-6). With
    /// <paramref name="everyUnit"/>, every unit of the tree in tree order, those without roles empty (INH-10).
    /// </summary>
    [Alias("ListUserAccesses")]
    Task<AssignmentView[]> ListUserAccessesAsync(string userId, bool everyUnit, RevisionToken? token);

    /// <summary>The units where the user holds the permission, ordered by id (CHK-2).</summary>
    [Alias("LookupUnits")]
    Task<string[]> LookupUnitsAsync(string userId, string permissionId, RevisionToken? token);

    /// <summary>
    /// One row per user x unit x role (ASG-6), ordered by unit then user then role, of the units and users given
    /// (every one when a filter is empty); NotFound for an unknown unit or user.
    /// </summary>
    [Alias("Export")]
    Task<Export.AccessRow[]> ExportAsync(string[] unitIds, string[] userIds, RevisionToken? token);

    [Alias("Explain")]
    Task<Explanation> ExplainAsync(string userId, string unitId, string permissionId, RevisionToken? token);
}
