using Authz.Grains.Domain;
using Authz.Grains.Units;

namespace Authz.Tests.UnitProtocol;

public sealed class ParentLinkTests
{
    private static readonly DateTimeOffset Sent = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static FanOut Message(long sequence, params InheritanceChange[] changes) => new(sequence, changes, Sent);

    private static InheritanceChange Replace(string userId, params string[] roleIds) =>
        new(userId, "root", InheritanceChangeKind.Replace, roleIds.Select(roleId => new HeldRole(roleId)).ToArray());

    private static InheritanceChange Unlink(string userId) => new(userId, "root", InheritanceChangeKind.Unlink, []);

    [Fact]
    public void Only_messages_after_the_last_applied_are_new_and_one_past_the_next_follows_a_gap()
    {
        var link = new ParentLink(new UnitState { ParentSequence = 4 });

        Assert.False(link.IsNew(Message(4)));
        Assert.True(link.IsNew(Message(5)));
        Assert.False(link.FollowsGap(Message(5)));
        Assert.True(link.FollowsGap(Message(6)));
    }

    [Fact]
    public void Messages_are_applied_in_sequence_up_to_the_first_missing_one()
    {
        var state = new UnitState { ParentSequence = 2 };
        var link = new ParentLink(state);

        var (applied, net) = link.Apply([Message(3, Replace("ada", "reader")), Message(4, Replace("bob", "reader")), Message(6, Replace("cy", "reader"))]);

        Assert.Equal([3L, 4L], applied.Select(message => message.Sequence));
        Assert.Equal(["ada", "bob"], net.Select(mutation => mutation.UserId).Order());
        Assert.Equal(4, state.ParentSequence);
    }

    [Fact]
    public void Messages_already_applied_or_after_a_gap_change_nothing()
    {
        var state = new UnitState { ParentSequence = 5 };

        var (applied, net) = new ParentLink(state).Apply([Message(5, Replace("ada", "reader")), Message(7, Replace("ada", "reader"))]);

        Assert.Empty(applied);
        Assert.Empty(net);
        Assert.Equal(5, state.ParentSequence);
    }

    [Fact]
    public void A_user_who_held_nothing_before_the_first_message_nets_out_from_nothing()
    {
        var (_, net) = new ParentLink(new UnitState()).Apply([Message(1, Replace("ada", "reader")), Message(2, Replace("ada", "writer"))]);

        var ada = Assert.Single(net);
        Assert.Null(ada.Before);
        Assert.Equal("writer", Assert.Single(ada.After!.Roles).RoleId);
    }

    [Fact]
    public void Several_changes_of_one_user_net_out_from_the_holding_before_the_first_to_the_one_after_the_last()
    {
        var state = new UnitState();

        var (_, net) = new ParentLink(state).Apply([Message(1, Replace("ada", "reader")), Message(2, Replace("ada", "writer")), Message(3, Unlink("ada"))]);

        var ada = Assert.Single(net);
        Assert.Null(ada.Before);
        Assert.Null(ada.After);
    }

    [Fact]
    public void The_net_change_starts_from_the_holding_the_unit_has()
    {
        var state = new UnitState();
        state.Assignments.Commit(new Mutation("ada", null, new RoleHolding([new HeldRole("reader")], "root"), null));

        var (_, net) = new ParentLink(state).Apply([Message(1, Replace("ada", "writer"))]);

        var ada = Assert.Single(net);
        Assert.Equal("reader", Assert.Single(ada.Before!.Roles).RoleId);
        Assert.Equal("writer", Assert.Single(ada.After!.Roles).RoleId);
    }

    [Fact]
    public void Messages_the_parent_no_longer_keeps_are_skipped_and_named()
    {
        var state = new UnitState { ParentSequence = 3 };
        var link = new ParentLink(state);

        Assert.Equal((4L, 9L), link.SkipLost([Message(10), Message(11)]));
        Assert.Equal(9, state.ParentSequence);
        Assert.Equal([10L, 11L], link.Apply([Message(10), Message(11)]).Applied.Select(message => message.Sequence));
    }

    [Fact]
    public void Nothing_is_skipped_when_the_pull_continues_the_sequence_or_is_empty()
    {
        var state = new UnitState { ParentSequence = 3 };
        var link = new ParentLink(state);

        Assert.Null(link.SkipLost([Message(4)]));
        Assert.Null(link.SkipLost([]));
        Assert.Equal(3, state.ParentSequence);
    }
}
