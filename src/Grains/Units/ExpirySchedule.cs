using Authz.Grains.Domain;

namespace Authz.Grains.Units;

/// <summary>
/// When a unit's time-bound roles next expire, and whether the reminder that expires them must change. What this
/// activation scheduled is not known to match the reminder until it has set it once.
/// </summary>
public sealed class ExpirySchedule
{
    public const string Reminder = "expiry";

    public static readonly TimeSpan Soonest = TimeSpan.FromSeconds(1);

    /// <summary>Reminders cannot be due further ahead than about 49 days; a later expiry is looked at again then.</summary>
    public static readonly TimeSpan Latest = TimeSpan.FromDays(40);

    private DateTimeOffset? _scheduled;
    private bool _synced;

    /// <summary>The reminder fired, so it may no longer match: the next <see cref="Reschedule"/> sets it.</summary>
    public void ReminderFired() => _synced = false;

    /// <summary>Records <paramref name="next"/> as the expiry due; answers whether the reminder must be set or removed for it.</summary>
    public bool Reschedule(DateTimeOffset? next)
    {
        if (_synced && next == _scheduled)
        {
            return false;
        }

        _scheduled = next;
        _synced = true;
        return true;
    }

    /// <summary>How long from <paramref name="now"/> until the reminder for <paramref name="next"/> is due.</summary>
    public static TimeSpan DueIn(DateTimeOffset next, DateTimeOffset now)
    {
        var due = next - now;
        return due < Soonest ? Soonest : due > Latest ? Latest : due;
    }

    /// <summary>The audit record of an expiry at <paramref name="now"/> that <paramref name="expired"/> applied.</summary>
    public static AuditRecord Audit(string unitId, Mutation expired, DateTimeOffset now)
    {
        var gone = expired.Before!.Roles.Where(role => role.ValidUntil <= now).Select(role => role.RoleId);
        return new AuditRecord("system", null, "authz.v1.Assignments/ExpireRoles", $"unit/{unitId}", expired.UserId, "",
            "OK", $"time-bound role(s) {string.Join(", ", gone)} expired");
    }
}
