namespace Authz.Grains.Units;

/// <summary>
/// What a unit sent its children: each message numbered one after the last, the newest <see cref="Kept"/> kept for a
/// child that missed some. A unit without children sends nothing.
/// </summary>
public sealed class ChildLog(UnitState state)
{
    public const int Kept = 1000;

    /// <summary>Numbers and keeps <paramref name="message"/>; null when there is no child to send it to.</summary>
    public FanOut? Record(FanOut message)
    {
        if (state.Children.Count == 0)
        {
            return null;
        }

        var numbered = message with { Sequence = ++state.Sequence };
        state.Sent.Add(numbered);
        if (state.Sent.Count > Kept)
        {
            state.Sent.RemoveRange(0, state.Sent.Count - Kept);
        }

        return numbered;
    }

    /// <summary>The kept messages after <paramref name="sequence"/>, oldest first.</summary>
    public FanOut[] After(long sequence) => state.Sent.Where(message => message.Sequence > sequence).ToArray();
}
