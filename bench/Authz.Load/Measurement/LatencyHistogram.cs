using System.Numerics;

namespace Authz.Load.Measurement;

/// <summary>
/// Latency histogram with log-linear buckets in the manner of HdrHistogram: 128 linear sub-buckets per power of two,
/// so a reported value is at most 1/128 (0.8%) above the recorded one. The unit is the <see cref="TimeSpan"/> tick
/// (100 ns); values below 12.8 µs are kept exactly, values up to 107 s with the relative precision, longer ones count
/// in the last bucket. Not thread-safe: one instance per caller, merged at the end.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketHalfCountMagnitude = 7;
    private const int SubBucketHalfCount = 1 << SubBucketHalfCountMagnitude;
    private const long SubBucketMask = (SubBucketHalfCount << 1) - 1;
    private const int BucketCount = 23;
    private const long HighestTrackableTicks = ((SubBucketMask + 1) << (BucketCount - 1)) - 1;

    /// <summary>The bucket that also holds the latencies beyond the tracked range; a rank there reports the maximum.</summary>
    private static readonly int OverflowIndex = IndexOf(HighestTrackableTicks);

    private readonly long[] _counts = new long[(BucketCount + 1) * SubBucketHalfCount];
    private long _minTicks = long.MaxValue;
    private long _maxTicks;

    public long Count { get; private set; }

    /// <summary>The shortest recorded latency; zero when nothing was recorded.</summary>
    public TimeSpan Min => Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(_minTicks);

    /// <summary>The longest recorded latency, exact even beyond the tracked range.</summary>
    public TimeSpan Max => TimeSpan.FromTicks(_maxTicks);

    /// <summary>Records one latency; a negative one counts as zero.</summary>
    public void Record(TimeSpan elapsed)
    {
        var ticks = Math.Max(elapsed.Ticks, 0);
        _counts[IndexOf(Math.Min(ticks, HighestTrackableTicks))]++;
        Count++;
        _minTicks = Math.Min(_minTicks, ticks);
        _maxTicks = Math.Max(_maxTicks, ticks);
    }

    public void Merge(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        var source = other._counts;
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += source[i];
        }

        Count += other.Count;
        _minTicks = Math.Min(_minTicks, other._minTicks);
        _maxTicks = Math.Max(_maxTicks, other._maxTicks);
    }

    /// <summary>
    /// The latency at or below which <paramref name="percentile"/> percent of the recorded ones fall (0..100, e.g. 99.9):
    /// the upper edge of the bucket holding that rank, never beyond the recorded minimum and maximum; exactly the minimum
    /// for the lowest rank, the maximum for the highest and for a rank among latencies beyond the tracked range; zero when empty.
    /// </summary>
    public TimeSpan Percentile(double percentile)
    {
        if (double.IsNaN(percentile) || percentile is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile is between 0 and 100.");
        }

        if (Count == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = Rank(percentile, Count);
        if (rank == 1)
        {
            return Min;
        }

        if (rank == Count)
        {
            return Max;
        }

        long seen = 0;
        for (var i = 0; i < OverflowIndex; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return TimeSpan.FromTicks(Math.Clamp(HighestEquivalentTicks(i), _minTicks, _maxTicks));
            }
        }

        return Max;
    }

    /// <summary>The 1-based rank of the value at <paramref name="percentile"/>, shielded from rounding such as 99.9 / 100 * 1000 = 999.0000000000001.</summary>
    private static long Rank(double percentile, long count)
    {
        var exact = percentile / 100 * count * (1 - 1e-12);
        return Math.Clamp((long)Math.Ceiling(exact), 1, count);
    }

    private static int IndexOf(long ticks)
    {
        var bucket = 64 - BitOperations.LeadingZeroCount((ulong)(ticks | SubBucketMask)) - (SubBucketHalfCountMagnitude + 1);
        var subBucket = (int)(ticks >> bucket);
        return ((bucket + 1) << SubBucketHalfCountMagnitude) + subBucket - SubBucketHalfCount;
    }

    private static long HighestEquivalentTicks(int index)
    {
        var bucket = (index >> SubBucketHalfCountMagnitude) - 1;
        long subBucket = (index & (SubBucketHalfCount - 1)) + SubBucketHalfCount;
        if (bucket < 0)
        {
            subBucket -= SubBucketHalfCount;
            bucket = 0;
        }

        return (subBucket << bucket) + (1L << bucket) - 1;
    }
}
