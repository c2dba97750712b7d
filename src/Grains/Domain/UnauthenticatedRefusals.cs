namespace Authz.Grains.Domain;

/// <summary>What to do with one refusal of an unauthenticated caller.</summary>
public enum RefusalHandling
{
    /// <summary>The first from its organization and source in the window: record it as it is.</summary>
    Record = 1,
    /// <summary>Counted, and written in the window's summary when the window closes.</summary>
    Counted = 2,
    /// <summary>Neither recorded nor counted: as many sources are already being counted as the table holds.</summary>
    Dropped = 3,
}

/// <summary>The refusals of one organization and source that were counted instead of recorded, in one window.</summary>
public sealed record RefusalSummary(string OrganizationId, string Source, DateTimeOffset Since, long Count)
{
    public string Describe() => $"{Count} more unauthenticated calls from {Source} refused since {Since:u}";
}

/// <summary>
/// Refusals of callers who proved nobody (no credential, a bad one, a wrong password), aggregated so they cannot
/// fill an audit log: per organization and source, the first of each <see cref="Window"/> is recorded, the rest are
/// counted and summed up in one entry when the window closes. At most <see cref="Capacity"/> organization and source
/// pairs are counted at a time; refusals beyond that are dropped. Not thread-safe.
/// </summary>
public sealed class UnauthenticatedRefusals(TimeSpan window, int capacity)
{
    private readonly Dictionary<(string OrganizationId, string Source), Tally> _open = [];
    private readonly List<RefusalSummary> _closed = [];

    public TimeSpan Window { get; } = window > TimeSpan.Zero ? window : throw new ArgumentOutOfRangeException(nameof(window));

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>The pairs being counted, open or closed and not yet taken by <see cref="TakeClosed"/>.</summary>
    public int Count => _open.Count + _closed.Count;

    public RefusalHandling Add(string organizationId, string source, DateTimeOffset now)
    {
        var key = (organizationId, source);
        if (_open.TryGetValue(key, out var tally))
        {
            if (now < tally.Start + Window)
            {
                tally.Counted++;
                return RefusalHandling.Counted;
            }

            Close(key, tally);
        }

        if (Count >= Capacity)
        {
            return RefusalHandling.Dropped;
        }

        _open[key] = new Tally(now);
        return RefusalHandling.Record;
    }

    /// <summary>Closes every window that has ended and answers the summaries to write: windows that counted something.</summary>
    public IReadOnlyList<RefusalSummary> TakeClosed(DateTimeOffset now) => Take(tally => now >= tally.Start + Window);

    /// <summary>Closes every window, ended or not (the gateway is stopping).</summary>
    public IReadOnlyList<RefusalSummary> TakeAll() => Take(_ => true);

    private RefusalSummary[] Take(Func<Tally, bool> ends)
    {
        foreach (var (key, tally) in _open.Where(pair => ends(pair.Value)).ToArray())
        {
            Close(key, tally);
        }

        var closed = _closed.ToArray();
        _closed.Clear();
        return closed;
    }

    private void Close((string OrganizationId, string Source) key, Tally tally)
    {
        _open.Remove(key);
        if (tally.Counted > 0)
        {
            _closed.Add(new RefusalSummary(key.OrganizationId, key.Source, tally.Start, tally.Counted));
        }
    }

    private sealed class Tally(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public long Counted { get; set; }
    }
}
