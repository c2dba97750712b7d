using Authz.Grains.Changes;
using Authz.Grains.Domain;

namespace Authz.Grains.Units;

/// <summary>
/// Commits changes to one unit's holdings: applies them, persists, keeps the users' unit indexes and the change feed in
/// step, and sends the descendants what the changes mean. The holdings and the permissions compiled from them change
/// together, before any await, so a view is never built from one without the other; a unit that could not persist
/// them deactivates, so that it never answers from what storage does not hold.
/// </summary>
public sealed class UnitCommitter(
    IPersistentState<UnitState> state,
    IGrainBase grain,
    IGrainFactory grains,
    TimeProvider time,
    (string OrganizationId, string UnitId) unit,
    CheckViewPublisher views)
{
    private UnitState State => state.State;

    /// <summary>
    /// Commits <paramref name="mutations"/> and sends down what they mean: the mutations' own downstream changes for a
    /// write made here, or <paramref name="sent"/> (messages from the parent, passed on as they are). Answers the
    /// change-feed revision reached. <paramref name="forInheritance"/> marks changes from an ancestor, whose users may
    /// have been deleted meanwhile.
    /// </summary>
    public async Task<long> CommitAsync(Mutation[] mutations, Func<UnitPermissions> permissions, ChildStreams children, FanOut[]? sent, bool forInheritance)
    {
        var changed = mutations.Where(mutation => !Equals(mutation.Before, mutation.After)).ToArray();
        if (forInheritance)
        {
            foreach (var mutation in changed.Where(mutation => mutation.Before is null && mutation.After is not null))
            {
                await AddToUserIndexAsync(mutation.UserId);
            }
        }

        foreach (var mutation in mutations)
        {
            State.Assignments.Commit(mutation);
        }

        foreach (var mutation in changed)
        {
            permissions().Refresh(mutation.UserId, mutation.After);
        }

        views.Changed();
        var downstream = mutations.Select(mutation => mutation.Downstream).OfType<InheritanceChange>().ToArray();
        var log = new ChildLog(State);
        var toSend = sent ?? (downstream.Length > 0 ? [new FanOut(0, downstream, time.GetUtcNow())] : []);
        var outgoing = toSend.Select(log.Record).OfType<FanOut>().ToArray();

        try
        {
            await state.SaveAsync(grain);
        }
        catch
        {
            views.Withdraw();
            throw;
        }

        // What is saved goes down even if a call below fails: children would otherwise not learn of it until a
        // later message, an activation or a silo failure made them pull.
        try
        {
            foreach (var mutation in changed.Where(mutation => mutation.After is null))
            {
                await grains.User(unit.OrganizationId, mutation.UserId).RemoveUnitAsync(unit.UnitId);
            }

            var feed = grains.ChangeFeed(unit.OrganizationId);
            return changed.Length == 0
                ? (await feed.HeadAsync()).Revision
                : await feed.AppendAsync(changed.Select(mutation => new HoldingChange(unit.UnitId, mutation.UserId, mutation.After)).ToArray());
        }
        finally
        {
            await children.SendAsync(UnitStreams.FanOut, State.Children, outgoing);
        }
    }

    private async Task AddToUserIndexAsync(string userId)
    {
        try
        {
            await grains.User(unit.OrganizationId, userId).AddUnitAsync(unit.UnitId);
        }
        catch (DomainException error) when (error.Error == DomainError.NotFound)
        {
            // A deleted user's inherited copies are removed when their origin's removal arrives.
        }
    }
}
