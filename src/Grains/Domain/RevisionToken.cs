namespace Authz.Grains.Domain;

/// <summary>
/// What a write answers (CHK-4): its organization's change-feed revision once the write was acknowledged. Revisions
/// only grow in an organization, so a later token covers an earlier one. A read given a token answers from state that
/// holds every write of the organization acknowledged at or before that revision: assignments anywhere in the tree
/// and their inheritance, removals, deletions and role-table changes. Clients hold it as
/// <see cref="RevisionTokenCodec"/> text, bound to the organization and sealed.
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.RevisionToken")]
public sealed record RevisionToken([property: Id(0)] long Revision)
{
    public const string Field = "revision_token";

    /// <summary>The tokens of several writes as one: the newest, which covers each.</summary>
    public static RevisionToken Combine(IEnumerable<RevisionToken> tokens) =>
        new(tokens.Select(token => token.Revision).DefaultIfEmpty().Max());
}
