using Authz.Grains.Changes;
using Authz.Grains.Domain;

namespace Authz.Grains.Units;

/// <summary>
/// The organization revision up to which a unit has provably applied every write that reaches it (CHK-4): its own
/// writes, what its ancestors send down, and role-table changes. A write takes its revision only once it is applied
/// at its unit and queued for the children, and a role-table change once the organization holds the new table. So
/// a catch-up that first reads the feed's head, then holds a role table at least as new as the head names and pulls
/// from every ancestor, has applied everything up to that head. The revision never goes back.
/// </summary>
public sealed class AppliedRevision
{
    public long Revision { get; private set; }

    /// <summary>Whether a read given <paramref name="token"/> may answer now.</summary>
    public bool Covers(RevisionToken token) => token.Revision <= Revision;

    /// <summary>Whether a catch-up from <paramref name="head"/> must fetch the organization's role table first.</summary>
    public static bool NeedsRoleTable(FeedHead head, long roleTableVersion) => roleTableVersion < head.RoleTableVersion;

    /// <summary>
    /// Records a catch-up that read <paramref name="head"/> before it pulled from every ancestor, and ended holding
    /// role table <paramref name="roleTableVersion"/>. Answers whether the revision moved on.
    /// </summary>
    public bool CaughtUp(FeedHead head, long roleTableVersion)
    {
        if (NeedsRoleTable(head, roleTableVersion) || head.Revision <= Revision)
        {
            return false;
        }

        Revision = head.Revision;
        return true;
    }
}
