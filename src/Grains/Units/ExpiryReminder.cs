using Authz.Grains.Domain;

namespace Authz.Grains.Units;

/// <summary>
/// The reminder that removes a unit's expired time-bound direct roles: due at the next expiry its
/// <see cref="ExpirySchedule"/> names, and when it fires it commits the expiry through <paramref name="commit"/> and
/// records it in the audit log. Checks judge windows by the clock, so the reminder is tidying, not correctness.
/// </summary>
public sealed class ExpiryReminder(
    IPersistentState<UnitState> state,
    IGrainBase grain,
    IGrainFactory grains,
    TimeProvider time,
    (string OrganizationId, string UnitId) unit,
    Func<Mutation[], Task> commit)
{
    private readonly ExpirySchedule _schedule = new();

    private UnitState State => state.State;

    public async Task FiredAsync()
    {
        _schedule.ReminderFired();
        var now = time.GetUtcNow();
        var expired = State.Exists ? State.Assignments.PlanExpiry(unit.UnitId, now) : [];
        if (expired.Length == 0)
        {
            await ScheduleAsync();
            return;
        }

        await commit(expired);
        var audit = grains.AuditLog(unit.OrganizationId);
        foreach (var mutation in expired)
        {
            await audit.AppendAsync(ExpirySchedule.Audit(unit.UnitId, mutation, now));
        }
    }

    /// <summary>Sets the reminder for the unit's next expiry, or removes it when none is due; nothing when it already matches.</summary>
    public async Task ScheduleAsync()
    {
        var next = State.Exists ? State.Assignments.NextExpiry() : null;
        if (!_schedule.Reschedule(next))
        {
            return;
        }

        if (next is null)
        {
            if (await grain.GetReminder(ExpirySchedule.Reminder) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }

            return;
        }

        await grain.RegisterOrUpdateReminder(ExpirySchedule.Reminder, ExpirySchedule.DueIn(next.Value, time.GetUtcNow()), TimeSpan.FromMinutes(1));
    }
}
