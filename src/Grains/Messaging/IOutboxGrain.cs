using Authz.Grains.Domain;

namespace Authz.Grains.Messaging;

/// <summary>
/// An organization's durable outbox: a message is stored before the call that caused it answers, then delivered
/// by <see cref="IMessageSender"/> and dropped; failures are retried. Keyed by organization id.
/// </summary>
[Alias("authz.IOutboxGrain")]
public interface IOutboxGrain : IGrainWithStringKey
{
    [Alias("Enqueue")]
    Task EnqueueAsync(OutgoingMessage message);

    [Alias("Pending"), ReadOnly]
    Task<OutgoingMessage[]> PendingAsync();
}
