using Authz.Grains.Domain;

namespace Authz.Grains.Audit;

/// <summary>
/// An organization's audit log: every state change and every refused attempt, append-only. Keyed by organization id.
/// Entries are kept in sealed segments of <see cref="AuditLogGrain.SegmentSize"/> (one grain each) behind an open one,
/// so an append rewrites at most one segment.
/// </summary>
[Alias("authz.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Records the entry; null (nothing recorded) for an organization that does not exist.</summary>
    [Alias("Append")]
    Task<AuditEntry?> AppendAsync(AuditRecord record);

    /// <summary>
    /// Newest first; only entries concerning <paramref name="userId"/> when given. A filtered page may come back
    /// short, even empty, with a token to read on: each call reads a bounded number of segments.
    /// </summary>
    [Alias("List"), ReadOnly]
    Task<AuditPage> ListAsync(string? userId, string? pageToken, int pageSize);

    /// <summary>Calls and refusals per acting user over the newest <paramref name="maxEntries"/> entries.</summary>
    [Alias("Summarize"), ReadOnly]
    Task<ActivitySummary> SummarizeAsync(int maxEntries);
}

[GenerateSerializer, Immutable, Alias("authz.UserActivity")]
public sealed record UserActivity([property: Id(0)] string UserId, [property: Id(1)] int Calls, [property: Id(2)] int Refused);

[GenerateSerializer, Immutable, Alias("authz.ActivitySummary")]
public sealed record ActivitySummary([property: Id(0)] UserActivity[] Users, [property: Id(1)] int EntriesRead);

/// <summary>A sealed segment of an audit log, written once. Keyed by <see cref="GrainKeys.AuditSegment"/>.</summary>
[Alias("authz.IAuditSegmentGrain")]
public interface IAuditSegmentGrain : IGrainWithStringKey
{
    [Alias("Seal")]
    Task SealAsync(AuditEntry[] entries);

    [Alias("Read"), ReadOnly]
    Task<AuditEntry[]> ReadAsync();
}
