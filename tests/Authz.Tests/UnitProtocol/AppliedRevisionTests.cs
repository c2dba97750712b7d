using Authz.Grains.Changes;
using Authz.Grains.Domain;
using Authz.Grains.Units;

namespace Authz.Tests.UnitProtocol;

public sealed class AppliedRevisionTests
{
    [Fact, Trait("Rule", "CHK-4")]
    public void A_new_unit_covers_only_the_empty_token()
    {
        var applied = new AppliedRevision();

        Assert.True(applied.Covers(new RevisionToken(0)));
        Assert.False(applied.Covers(new RevisionToken(1)));
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void A_catch_up_covers_every_revision_up_to_the_head_it_read_first_and_none_after()
    {
        var applied = new AppliedRevision();

        Assert.True(applied.CaughtUp(new FeedHead(7, 2), roleTableVersion: 2));

        Assert.True(applied.Covers(new RevisionToken(3)));
        Assert.True(applied.Covers(new RevisionToken(7)));
        Assert.False(applied.Covers(new RevisionToken(8)));
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void A_catch_up_that_ends_with_an_older_role_table_than_the_head_names_covers_nothing_more()
    {
        var applied = new AppliedRevision();

        Assert.True(AppliedRevision.NeedsRoleTable(new FeedHead(7, 3), roleTableVersion: 2));
        Assert.False(applied.CaughtUp(new FeedHead(7, 3), roleTableVersion: 2));

        Assert.False(applied.Covers(new RevisionToken(7)));
        Assert.False(AppliedRevision.NeedsRoleTable(new FeedHead(7, 3), roleTableVersion: 4));
        Assert.True(applied.CaughtUp(new FeedHead(7, 3), roleTableVersion: 4));
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void The_covered_revision_never_goes_back()
    {
        var applied = new AppliedRevision();
        applied.CaughtUp(new FeedHead(9, 0), roleTableVersion: 0);

        Assert.False(applied.CaughtUp(new FeedHead(4, 0), roleTableVersion: 0));
        Assert.False(applied.CaughtUp(new FeedHead(9, 0), roleTableVersion: 0));

        Assert.Equal(9, applied.Revision);
        Assert.True(applied.Covers(new RevisionToken(9)));
    }
}
