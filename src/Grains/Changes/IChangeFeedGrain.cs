using Authz.Grains.Domain;

namespace Authz.Grains.Changes;

/// <summary>A holding of one user in one unit after it changed, as a unit reports it.</summary>
[GenerateSerializer, Immutable, Alias("authz.HoldingChange")]
public sealed record HoldingChange(
    [property: Id(0)] string UnitId,
    [property: Id(1)] string UserId,
    [property: Id(2)] RoleHolding? Holding);

/// <summary>A change of the feed: its revision, when it was recorded, and the holding after it (null: no roles left).</summary>
[GenerateSerializer, Immutable, Alias("authz.FeedChange")]
public sealed record FeedChange(
    [property: Id(0)] long Revision,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] HoldingChange Change);

/// <summary>Changes after a revision; <see cref="Head"/> is the newest revision recorded.</summary>
[GenerateSerializer, Immutable, Alias("authz.FeedPage")]
public sealed record FeedPage(
    [property: Id(0)] FeedChange[] Changes,
    [property: Id(1)] long Head);

/// <summary>
/// The newest revision of an organization's feed, and the version of the role table the organization held when that
/// revision was recorded, or a newer one.
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.FeedHead")]
public sealed record FeedHead(
    [property: Id(0)] long Revision,
    [property: Id(1)] long RoleTableVersion);

/// <summary>
/// An organization's assignment changes in revision order (CHK-5). Keyed by organization id. Revisions never go
/// back, across restarts too; the newest <see cref="ChangeFeedGrain.Retained"/> changes are kept in memory, so a
/// watcher asking for older ones (or ones recorded before the feed last restarted) is told to list again. Role-table
/// changes take a revision of their own with no change recorded, so that revisions order every write of the
/// organization (CHK-4).
/// </summary>
[Alias("authz.IChangeFeedGrain")]
public interface IChangeFeedGrain : IGrainWithStringKey
{
    /// <summary>Records the changes in order and answers the revision of the last.</summary>
    [Alias("Append")]
    Task<long> AppendAsync(HoldingChange[] changes);

    /// <summary>FailedPrecondition when changes after <paramref name="afterRevision"/> are no longer kept, or when it is ahead of the head.</summary>
    [Alias("Read"), ReadOnly]
    Task<FeedPage> ReadAsync(long afterRevision, int maxChanges);

    /// <summary>Takes a revision for a role-table change that the organization has made and answers it.</summary>
    [Alias("AdvanceRoleTable")]
    Task<long> AdvanceRoleTableAsync(long roleTableVersion);

    [Alias("Head"), ReadOnly]
    Task<FeedHead> HeadAsync();
}
