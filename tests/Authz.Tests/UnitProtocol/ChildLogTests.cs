using Authz.Grains.Domain;
using Authz.Grains.Units;

namespace Authz.Tests.UnitProtocol;

public sealed class ChildLogTests
{
    private static FanOut Unnumbered() => new(0, [], DateTimeOffset.UnixEpoch);

    private static UnitState WithChild(long sequence = 0) =>
        new() { Sequence = sequence, Children = new SortedSet<string>(StringComparer.Ordinal) { "child" } };

    [Fact]
    public void Each_message_is_numbered_one_after_the_last_sent()
    {
        var state = WithChild(sequence: 7);
        var log = new ChildLog(state);

        Assert.Equal(8, log.Record(Unnumbered())!.Sequence);
        Assert.Equal(9, log.Record(Unnumbered())!.Sequence);
        Assert.Equal(9, state.Sequence);
        Assert.Equal([8L, 9L], state.Sent.Select(message => message.Sequence));
    }

    [Fact]
    public void A_unit_without_children_records_nothing()
    {
        var state = new UnitState { Sequence = 3 };

        Assert.Null(new ChildLog(state).Record(Unnumbered()));
        Assert.Equal(3, state.Sequence);
        Assert.Empty(state.Sent);
    }

    [Fact]
    public void Only_the_newest_messages_are_kept()
    {
        var state = WithChild();
        var log = new ChildLog(state);

        for (var i = 0; i < ChildLog.Kept + 5; i++)
        {
            log.Record(Unnumbered());
        }

        Assert.Equal(ChildLog.Kept, state.Sent.Count);
        Assert.Equal(6, state.Sent[0].Sequence);
        Assert.Equal(ChildLog.Kept + 5, state.Sent[^1].Sequence);
    }

    [Fact]
    public void A_child_gets_the_kept_messages_after_the_last_it_applied_oldest_first()
    {
        var log = new ChildLog(WithChild());
        for (var i = 0; i < 4; i++)
        {
            log.Record(Unnumbered());
        }

        Assert.Equal([3L, 4L], log.After(2).Select(message => message.Sequence));
        Assert.Empty(log.After(4));
    }
}
