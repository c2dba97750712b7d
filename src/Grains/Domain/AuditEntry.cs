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
    [property: Id(7)] string Detail);

/// <summary>One entry of an organization's audit log, numbered from 1 in the order it was recorded.</summary>
[GenerateSerializer, Immutable, Alias("authz.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] AuditRecord Record)
{
    /// <summary>The per-user activity log: what the user did, and what was done to them.</summary>
    public bool Concerns(string userId) => Record.ActorUserId == userId || Record.SubjectUserId == userId;
}

[GenerateSerializer, Immutable, Alias("authz.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] AuditEntry[] Entries,
    [property: Id(1)] string? NextPageToken);
