using Authz.Grains.Domain;

namespace Authz.Grains.Units;

public static class RevisionWaits
{
    /// <summary>How long a read waits for a unit to apply the write a revision token names before giving up.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The unit, once it has applied what <paramref name="token"/> names (see <see cref="AwaitRevisionAsync"/>): the one
    /// way a read reaches a unit at a revision. Without a token it makes no call.
    /// </summary>
    public static async Task<IUnitGrain> CaughtUpUnitAsync(
        this IGrainFactory grains, string organizationId, string unitId, RevisionToken? token, CancellationToken cancellationToken = default)
    {
        var unit = grains.Unit(organizationId, unitId);
        await unit.AwaitRevisionAsync(token, cancellationToken);
        return unit;
    }

    /// <summary>
    /// Returns once the unit has applied what <paramref name="token"/> names (CHK-4), asking it to pull from its
    /// ancestors meanwhile; Unavailable after <see cref="Limit"/>, so a read never answers from older state.
    /// </summary>
    public static async Task AwaitRevisionAsync(this IUnitGrain unit, RevisionToken? token, CancellationToken cancellationToken = default)
    {
        if (token is null)
        {
            return;
        }

        var started = TimeProvider.System.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(2);
        var protocol = unit.AsReference<IUnitProtocolGrain>();
        while (!await protocol.CatchUpAsync(token))
        {
            if (TimeProvider.System.GetElapsedTime(started) > Limit)
            {
                throw new DomainException(DomainError.Unavailable,
                    $"unit '{GrainKeys.ParseUnit(unit.GetPrimaryKeyString()).UnitId}' has not yet applied the write of the revision_token; retry");
            }

            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks));
        }
    }
}
