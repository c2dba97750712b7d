using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class AuditRecordTests
{
    private static readonly AuditRecord Ordinary = new("user/admin", "admin", "authz.v1.Users/CreateUser", "user/bob email/bob@example.org", "bob", "req-1", "OK", "");

    [Fact]
    public void A_record_within_its_bounds_is_kept_as_it_is() => Assert.Equal(Ordinary, Ordinary.Bounded());

    [Fact]
    public void Every_string_is_cut_to_its_bound_and_marked_where_it_was_cut()
    {
        var huge = new string('x', 100_000);

        var bounded = new AuditRecord(huge, huge, huge, huge, huge, huge, huge, huge).Bounded();

        Assert.Equal(AuditRecord.MaxActorLength, bounded.Actor.Length);
        Assert.Equal(Ids.MaxIdLength, bounded.ActorUserId!.Length);
        Assert.Equal(AuditRecord.MaxActionLength, bounded.Action.Length);
        Assert.Equal(AuditRecord.MaxTargetLength, bounded.Target.Length);
        Assert.Equal(Ids.MaxIdLength, bounded.SubjectUserId!.Length);
        Assert.Equal(Ids.MaxIdLength, bounded.RequestId.Length);
        Assert.Equal(AuditRecord.MaxOutcomeLength, bounded.Outcome.Length);
        Assert.Equal(AuditRecord.MaxDetailLength, bounded.Detail.Length);
        Assert.EndsWith("…", bounded.Target, StringComparison.Ordinal);
    }

    [Fact]
    public void Absent_ids_stay_absent() => Assert.Null((Ordinary with { ActorUserId = null, SubjectUserId = null }).Bounded().ActorUserId);

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 1000));

        var cut = AuditRecord.Truncate("e" + emoji, AuditRecord.MaxTargetLength);

        Assert.True(cut.Length <= AuditRecord.MaxTargetLength);
        Assert.False(char.IsHighSurrogate(cut[^2]));
        Assert.Equal(cut, cut.Normalize());
    }

    [Fact]
    public void A_bounded_entry_is_small_whatever_it_was_given()
    {
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 100_000));
        var entry = new AuditEntry(1, DateTimeOffset.UnixEpoch, new AuditRecord(emoji, emoji, emoji, emoji, emoji, emoji, emoji, emoji).Bounded());

        Assert.InRange(entry.Bytes, 1, 8 * 1024);
    }
}
