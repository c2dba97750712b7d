using Authz.Grains.Domain;
using Authz.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Authz.Grains.Units;

/// <summary>
/// Keeps a unit caught up with its parent: applies each message the parent sends, in order and once, and pulls what it
/// missed from the parent's kept messages. <paramref name="commit"/> commits the net change of the applied messages
/// and passes them on.
/// </summary>
public sealed class ParentCatchUp(
    IPersistentState<UnitState> state,
    IGrainBase grain,
    IGrainFactory grains,
    TimeProvider time,
    string organizationId,
    string unitKey,
    ILogger logger,
    Func<Mutation[], FanOut[], Task> commit)
{
    private UnitState State => state.State;

    private ParentLink Link => new(State);

    public async Task ReceiveAsync(FanOut message)
    {
        AuthzMetrics.RecordReceived(UnitStreams.FanOut);
        if (!State.Exists || !Link.IsNew(message))
        {
            return;
        }

        try
        {
            if (Link.FollowsGap(message))
            {
                await PullAsync();
            }
            else
            {
                await ApplyAsync([message]);
            }
        }
        catch (Exception error) when (!DomainException.ChangedNothing(error))
        {
            DeactivateAfterFailure(error);
        }
    }

    public async Task PullAsync()
    {
        if (State.ParentId is null)
        {
            return;
        }

        var missed = await grains.UnitProtocol(organizationId, State.ParentId).GetFanOutsAfterAsync(State.ParentSequence);
        if (Link.SkipLost(missed) is var (first, last))
        {
            logger.LogError("Unit {Unit} missed messages {First}..{Last} that its parent no longer keeps; going on from {Next}",
                unitKey, first, last, last + 1);
        }

        await ApplyAsync(missed);
    }

    /// <summary>
    /// A unit that could not catch up (a grain it calls was on a silo that died, storage failed) may hold changes it
    /// has not saved, so it deactivates: the parent keeps what it sent, and the unit pulls it when it next activates,
    /// which is before it answers anything.
    /// </summary>
    public void DeactivateAfterFailure(Exception error)
    {
        logger.LogWarning(error, "Unit {Unit} could not catch up with its parent; deactivating, it pulls again on activation", unitKey);
        grain.DeactivateOnIdle();
    }

    private async Task ApplyAsync(FanOut[] messages)
    {
        var (applied, net) = Link.Apply(messages);
        if (applied.Length == 0)
        {
            return;
        }

        await commit(net, applied);
        AuthzMetrics.RecordFanOutLag(applied, time.GetUtcNow());
    }
}
