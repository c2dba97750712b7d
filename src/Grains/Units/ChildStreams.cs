using Authz.Grains.Domain;
using Authz.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Authz.Grains.Units;

/// <summary>
/// Sends a unit's messages to its children's streams, to all children at once and in order per child. A child the
/// publish fails or stalls for is asked to resync (it pulls from the unit), and any child that still misses a message
/// catches up when it next activates, receives, writes or is asked for a revision, or when a silo dies.
/// </summary>
public sealed class ChildStreams(IStreamProvider provider, IGrainFactory grains, string organizationId, string unitKey, ILogger logger)
{
    /// <summary>How long a publish to a child's stream may take before the child is asked to pull instead.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(2);

    public async Task SendAsync<T>(string streamNamespace, IEnumerable<string> children, IReadOnlyList<T> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        await Task.WhenAll(children.Select(async child =>
        {
            var stream = UnitStreams.Of<T>(provider, streamNamespace, organizationId, child);
            try
            {
                foreach (var item in items)
                {
                    await stream.OnNextAsync(item).WaitAsync(PublishTimeout);
                    AuthzMetrics.RecordSent(streamNamespace);
                }
            }
            catch (Exception error) when (error is not DomainException)
            {
                logger.LogWarning(error, "Unit {Unit} could not send to child {Child} on {Stream}; asking it to resync", unitKey, child, streamNamespace);
                await grains.UnitProtocol(organizationId, child).ResyncAsync();
            }
        }));
    }
}
