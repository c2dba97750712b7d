using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Authz.Grains.Units;

/// <summary>
/// Fan-out messages travel through stream queues that live in silos' memory, so a silo that dies can take
/// undelivered messages with it. Every unit persists what it sent, so when this silo sees another silo die it asks
/// each of its active units to pull from its parent; units that were on the dead silo pull when they reactivate.
/// </summary>
public sealed class UnitRecovery(
    IClusterMembershipService membership,
    ActiveUnits activeUnits,
    IGrainFactory grains,
    ILogger<UnitRecovery> logger) : BackgroundService
{
    /// <summary>When, after a silo is declared dead, the active units are asked to resync.</summary>
    private static readonly TimeSpan[] Rounds = [TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = membership.CurrentSnapshot;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var died = snapshot.Members.Values
                    .Where(member => member.Status == SiloStatus.Dead
                        && seen.Members.TryGetValue(member.SiloAddress, out var before) && before.Status != SiloStatus.Dead)
                    .Select(member => member.SiloAddress)
                    .ToArray();
                seen = snapshot;
                if (died.Length > 0)
                {
                    _ = ResyncInRoundsAsync(died, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A silo is declared dead while it is still going down, and the stream queues it served move to other silos only
    /// after that: messages can still be lost after the first round, so units are asked again once things settle.
    /// </summary>
    private async Task ResyncInRoundsAsync(SiloAddress[] died, CancellationToken stoppingToken)
    {
        try
        {
            foreach (var delay in Rounds)
            {
                await Task.Delay(delay, stoppingToken);
                var keys = activeUnits.Keys;
                logger.LogWarning("Silo(s) {Silos} died; asking {Count} active unit(s) here to resync with their parents",
                    string.Join(", ", died.AsEnumerable()), keys.Count);
                foreach (var key in keys)
                {
                    grains.GetGrain<IUnitProtocolGrain>(key).ResyncAsync().Ignore();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
