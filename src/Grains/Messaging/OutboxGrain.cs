using Authz.Grains.Domain;
using Microsoft.Extensions.Logging;

namespace Authz.Grains.Messaging;

[GenerateSerializer, Alias("authz.OutboxState")]
public sealed class OutboxState
{
    [Id(0)]
    public List<OutgoingMessage> Pending { get; set; } = [];
}

public sealed class OutboxGrain(
    [PersistentState("outbox", StorageNames.Authz)] IPersistentState<OutboxState> state,
    IMessageSender sender,
    ILogger<OutboxGrain> logger) : Grain, IOutboxGrain, IRemindable
{
    public const int MaxPending = 10_000;
    private const string ReminderName = "deliver";
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private IGrainTimer? _timer;
    private bool _reminderRegistered;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Pending.Count > 0)
        {
            StartDelivering();
        }

        return Task.CompletedTask;
    }

    public async Task EnqueueAsync(OutgoingMessage message)
    {
        if (state.State.Pending.Count >= MaxPending)
        {
            throw DomainException.Precondition($"the outbox holds {MaxPending} undelivered messages: delivery is failing, check the mail settings");
        }

        state.State.Pending.Add(message);
        await state.SaveAsync(this);
        // A reminder brings the outbox back after a restart; the timer delivers now and retries while this activation
        // lives. The reminder stays until it finds nothing pending, so a burst of messages registers it once.
        if (!_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);
            _reminderRegistered = true;
        }

        StartDelivering();
    }

    public Task<OutgoingMessage[]> PendingAsync() => Task.FromResult(state.State.Pending.ToArray());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Pending.Count > 0)
        {
            await DeliverAsync(CancellationToken.None);
            return;
        }

        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderRegistered = false;
    }

    private void StartDelivering()
    {
        _timer ??= this.RegisterGrainTimer(DeliverAsync, new GrainTimerCreationOptions(TimeSpan.Zero, RetryPeriod) { KeepAlive = true });
        _timer.Change(TimeSpan.Zero, RetryPeriod);
    }

    /// <summary>Runs as a grain turn: an enqueue waits for a delivery in progress, so the state is never written twice at once.</summary>
    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        foreach (var message in state.State.Pending.ToArray())
        {
            try
            {
                await sender.SendAsync(message, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Message {MessageId} to {To} not delivered; retrying in {Period}", message.MessageId, message.To, RetryPeriod);
                return;
            }

            state.State.Pending.Remove(message);
            await state.SaveAsync(this);
        }

        _timer?.Dispose();
        _timer = null;
    }
}
