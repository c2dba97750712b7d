using Authz.Grains.Domain;

namespace Authz.Grains.Units;

/// <summary>
/// A unit's side of the link to its parent: which of the parent's numbered messages it has applied, so that it applies
/// each exactly once and in order, pulls when one is missing, and goes on past messages the parent no longer keeps.
/// </summary>
public sealed class ParentLink(UnitState state)
{
    /// <summary>Whether <paramref name="message"/> has not been applied yet.</summary>
    public bool IsNew(FanOut message) => message.Sequence > state.ParentSequence;

    /// <summary>Whether a message before <paramref name="message"/> has not arrived, so the unit must pull instead.</summary>
    public bool FollowsGap(FanOut message) => message.Sequence > state.ParentSequence + 1;

    /// <summary>
    /// When the first of <paramref name="pulled"/> is past the next expected message, the parent no longer keeps the ones
    /// between: answers their sequences and goes on from the first pulled.
    /// </summary>
    public (long First, long Last)? SkipLost(FanOut[] pulled)
    {
        if (pulled.Length == 0 || !FollowsGap(pulled[0]))
        {
            return null;
        }

        var lost = (state.ParentSequence + 1, pulled[0].Sequence - 1);
        state.ParentSequence = pulled[0].Sequence - 1;
        return lost;
    }

    /// <summary>
    /// Takes the messages that continue the sequence, in order, and moves it on to the last of them. Answers them with the
    /// net change per user, from the holding before the first message to the one after the last.
    /// </summary>
    public (FanOut[] Applied, Mutation[] Net) Apply(FanOut[] messages)
    {
        var applied = messages.TakeWhile((message, i) => message.Sequence == state.ParentSequence + 1 + i).ToArray();
        if (applied.Length == 0)
        {
            return ([], []);
        }

        var net = new Dictionary<string, Mutation>(StringComparer.Ordinal);
        foreach (var change in applied.SelectMany(message => message.Changes))
        {
            var before = net.TryGetValue(change.UserId, out var earlier) ? earlier.After : state.Assignments.Find(change.UserId);
            var first = earlier is null ? before : earlier.Before;
            net[change.UserId] = new Mutation(change.UserId, first, UnitAssignments.Inherit(before, change), null);
        }

        state.ParentSequence = applied[^1].Sequence;
        return (applied, net.Values.ToArray());
    }
}
