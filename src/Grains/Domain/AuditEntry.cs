using System.Text;

namespace Authz.Grains.Domain;

/// <summary>What the gateway reports of one call: who asked for what, about whom, and how it ended.</summary>
[GenerateSerializer, Immutable, Alias("authz.AuditRecord")]
public sealed record AuditRecord(
    [property: Id(0)] string Actor,
    [property: Id(1)] string? ActorUserId,
    [property: Id(2)] string Action,
    [property: Id(3)] string Target,
    [property: Id(4)] string? SubjectUserId,
    [property: Id(5)] string RequestId,
    [property: Id(6)] string Outcome,
    [property: Id(7)] string Detail)
{
    /// <summary>"user/&lt;admin&gt; as user/&lt;id&gt;" and the like: a few ids.</summary>
    public const int MaxActorLength = 256;

    /// <summary>A full gRPC method name.</summary>
    public const int MaxActionLength = 128;

    /// <summary>The resources a call names, built from request fields.</summary>
    public const int MaxTargetLength = 512;

    /// <summary>The message a refusal carried.</summary>
    public const int MaxDetailLength = 1024;

    /// <summary>A canonical status code name.</summary>
    public const int MaxOutcomeLength = 32;

    /// <summary>
    /// This record with every string cut to its bound (ids and the request id to <see cref="Ids.MaxIdLength"/>), ending
    /// in '…' where it was cut, so that no request can make an audit entry large.
    /// </summary>
    public AuditRecord Bounded() => new(
        Truncate(Actor, MaxActorLength),
        TruncateOptional(ActorUserId, Ids.MaxIdLength),
        Truncate(Action, MaxActionLength),
        Truncate(Target, MaxTargetLength),
        TruncateOptional(SubjectUserId, Ids.MaxIdLength),
        Truncate(RequestId, Ids.MaxIdLength),
        Truncate(Outcome, MaxOutcomeLength),
        Truncate(Detail, MaxDetailLength));

    /// <summary>What the record's strings take as UTF-8: its share of an audit page.</summary>
    public int Utf8Bytes =>
        Utf8(Actor) + Utf8(ActorUserId) + Utf8(Action) + Utf8(Target) + Utf8(SubjectUserId) + Utf8(RequestId) + Utf8(Outcome) + Utf8(Detail);

    /// <summary><paramref name="value"/> at most <paramref name="maxLength"/> characters long, never split inside a surrogate pair.</summary>
    public static string Truncate(string value, int maxLength)
    {
        if (value.Length <= maxLength)
        {
            return value;
        }

        var kept = maxLength - 1;
        if (char.IsHighSurrogate(value[kept - 1]))
        {
            kept--;
        }

        return string.Concat(value.AsSpan(0, kept), "…");
    }

    private static string? TruncateOptional(string? value, int maxLength) => value is null ? null : Truncate(value, maxLength);

    private static int Utf8(string? value) => value is null ? 0 : Encoding.UTF8.GetByteCount(value);
}

/// <summary>One entry of an organization's audit log, numbered from 1 in the order it was recorded.</summary>
[GenerateSerializer, Immutable, Alias("authz.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] AuditRecord Record)
{
    /// <summary>What an entry takes on the wire besides its strings: sequence, time and field tags, generously.</summary>
    private const int FixedBytes = 64;

    /// <summary>An upper estimate of the entry's size in a listing.</summary>
    public int Bytes => FixedBytes + Record.Utf8Bytes;

    /// <summary>The per-user activity log: what the user did, and what was done to them.</summary>
    public bool Concerns(string userId) => Record.ActorUserId == userId || Record.SubjectUserId == userId;
}

[GenerateSerializer, Immutable, Alias("authz.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] AuditEntry[] Entries,
    [property: Id(1)] string? NextPageToken)
{
    /// <summary>
    /// A page holds entries up to this many bytes (see <see cref="AuditEntry.Bytes"/>), and fewer than asked for when
    /// they reach it, so a page stays far below gRPC's 4 MB message limit.
    /// </summary>
    public const int MaxBytes = 1024 * 1024;
}
