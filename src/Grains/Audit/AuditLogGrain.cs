using Authz.Grains.Domain;

namespace Authz.Grains.Audit;

[GenerateSerializer, Alias("authz.AuditLogState")]
public sealed class AuditLogState
{
    [Id(0)]
    public long SealedSegments { get; set; }

    /// <summary>The newest entries, not yet in a sealed segment; at most <see cref="AuditLogGrain.SegmentSize"/>.</summary>
    [Id(1)]
    public List<AuditEntry> Open { get; set; } = [];
}

public sealed class AuditLogGrain(
    [PersistentState("audit", StorageNames.Authz)] IPersistentState<AuditLogState> state,
    TimeProvider time) : Grain, IAuditLogGrain
{
    public const int SegmentSize = 64;

    /// <summary>How many sealed segments one filtered listing call reads at most.</summary>
    public const int MaxSegmentsPerCall = 32;

    private AuditLogState State => state.State;

    private string OrganizationId => this.GetPrimaryKeyString();

    public async Task<AuditEntry?> AppendAsync(AuditRecord record)
    {
        if (State.SealedSegments == 0 && State.Open.Count == 0 && !await OrganizationExistsAsync())
        {
            DeactivateOnIdle();
            return null;
        }

        if (State.Open.Count == SegmentSize)
        {
            await Segment(State.SealedSegments).SealAsync([.. State.Open]);
            State.SealedSegments++;
            State.Open.Clear();
        }

        var entry = new AuditEntry(State.SealedSegments * SegmentSize + State.Open.Count + 1, time.GetUtcNow(), record.Bounded());
        State.Open.Add(entry);
        await state.SaveAsync(this);
        return entry;
    }

    public async Task<AuditPage> ListAsync(string? userId, string? pageToken, int pageSize)
    {
        var next = State.SealedSegments * SegmentSize + State.Open.Count;
        if (PageToken.Decode(pageToken, 1) is [var before])
        {
            next = long.TryParse(before, out var parsed) && parsed >= 0 && parsed <= next
                ? parsed
                : throw DomainException.Invalid("page_token", "page_token is not a token this listing issued");
        }

        var entries = new List<AuditEntry>(pageSize);
        var bytes = 0;
        var full = false;
        var segmentsRead = 0;
        while (next > 0 && !full && segmentsRead < MaxSegmentsPerCall)
        {
            var segment = (next - 1) / SegmentSize;
            var content = segment == State.SealedSegments ? State.Open.ToArray() : await Segment(segment).ReadAsync();
            segmentsRead++;
            for (var i = (int)(next - 1 - segment * SegmentSize); i >= 0 && !full; i--)
            {
                if (userId is null || content[i].Concerns(userId))
                {
                    // Entries stored before records were bounded are cut on the way out.
                    var entry = content[i] with { Record = content[i].Record.Bounded() };
                    full = bytes + entry.Bytes > AuditPage.MaxBytes;
                    if (full)
                    {
                        break;
                    }

                    entries.Add(entry);
                    bytes += entry.Bytes;
                    full = entries.Count == pageSize;
                }

                next = content[i].Sequence - 1;
            }
        }

        return new AuditPage([.. entries], next > 0 ? PageToken.Encode(next.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null);
    }

    public async Task<ActivitySummary> SummarizeAsync(int maxEntries)
    {
        var counts = new Dictionary<string, (int Calls, int Refused)>(StringComparer.Ordinal);
        var read = 0;
        string? token = null;
        do
        {
            var page = await ListAsync(null, token, Math.Min(SegmentSize * MaxSegmentsPerCall, maxEntries - read));
            foreach (var entry in page.Entries)
            {
                if (entry.Record.ActorUserId is { } userId)
                {
                    var (calls, refused) = counts.GetValueOrDefault(userId);
                    var wasRefused = entry.Record.Outcome is "PERMISSION_DENIED" or "UNAUTHENTICATED";
                    counts[userId] = (calls + 1, refused + (wasRefused ? 1 : 0));
                }
            }

            read += page.Entries.Length;
            token = page.NextPageToken;
        }
        while (token is not null && read < maxEntries);

        var users = counts.Select(pair => new UserActivity(pair.Key, pair.Value.Calls, pair.Value.Refused))
            .OrderByDescending(activity => activity.Calls).ThenBy(activity => activity.UserId, StringComparer.Ordinal).ToArray();
        return new ActivitySummary(users, read);
    }

    private async Task<bool> OrganizationExistsAsync()
    {
        try
        {
            await GrainFactory.Organization(OrganizationId).GetAsync();
            return true;
        }
        catch (DomainException error) when (error.Error == DomainError.NotFound)
        {
            return false;
        }
    }

    private IAuditSegmentGrain Segment(long index) => GrainFactory.AuditSegment(OrganizationId, index);
}

[GenerateSerializer, Alias("authz.AuditSegmentState")]
public sealed class AuditSegmentState
{
    [Id(0)]
    public AuditEntry[] Entries { get; set; } = [];
}

public sealed class AuditSegmentGrain(
    [PersistentState("audit-segment", StorageNames.Authz)] IPersistentState<AuditSegmentState> state) : Grain, IAuditSegmentGrain
{
    public async Task SealAsync(AuditEntry[] entries)
    {
        state.State.Entries = entries;
        await state.SaveAsync(this);
    }

    public Task<AuditEntry[]> ReadAsync() => Task.FromResult(state.State.Entries);
}
