using Authz.Grains.Domain;
using Authz.Grains.Units;

namespace Authz.Tests.UnitProtocol;

public sealed class ExpiryScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_activation_sets_the_reminder_once_even_with_nothing_due()
    {
        var schedule = new ExpirySchedule();

        Assert.True(schedule.Reschedule(null));
        Assert.False(schedule.Reschedule(null));
    }

    [Fact]
    public void The_reminder_changes_only_when_the_next_expiry_does()
    {
        var schedule = new ExpirySchedule();
        schedule.Reschedule(Now.AddHours(1));

        Assert.False(schedule.Reschedule(Now.AddHours(1)));
        Assert.True(schedule.Reschedule(Now.AddMinutes(5)));
        Assert.True(schedule.Reschedule(null));
    }

    [Fact]
    public void After_the_reminder_fired_it_is_set_again_for_the_same_expiry()
    {
        var schedule = new ExpirySchedule();
        schedule.Reschedule(Now);

        schedule.ReminderFired();

        Assert.True(schedule.Reschedule(Now));
    }

    [Fact]
    public void The_reminder_is_due_at_the_expiry_but_no_sooner_than_a_second_and_no_later_than_forty_days()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), ExpirySchedule.DueIn(Now.AddMinutes(5), Now));
        Assert.Equal(ExpirySchedule.Soonest, ExpirySchedule.DueIn(Now.AddMinutes(-5), Now));
        Assert.Equal(ExpirySchedule.Latest, ExpirySchedule.DueIn(Now.AddDays(400), Now));
    }

    [Fact]
    public void The_audit_names_only_the_roles_that_expired()
    {
        var before = new RoleHolding([new HeldRole("reader", ValidUntil: Now.AddSeconds(-1)), new HeldRole("writer", ValidUntil: Now.AddDays(1)), new HeldRole("viewer")]);
        var expired = new Mutation("ada", before, new RoleHolding([before.Roles[1], before.Roles[2]]), null);

        var audit = ExpirySchedule.Audit("north", expired, Now);

        Assert.Equal("unit/north", audit.Target);
        Assert.Equal("ada", audit.SubjectUserId);
        Assert.Equal("time-bound role(s) reader expired", audit.Detail);
    }
}
