using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Authz.Load.Measurement;

public static class PhaseRunner
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private static readonly long PublishIntervalTimestampTicks = Stopwatch.Frequency / 20;

    /// <summary>Operations a caller runs between yields, so callers whose operations complete synchronously share the threads.</summary>
    private const int OperationsBetweenYields = 1024;

    /// <summary>
    /// Runs <paramref name="operation"/> from <see cref="PhaseOptions.Callers"/> concurrent callers, all starting together,
    /// until <see cref="PhaseOptions.Duration"/> has elapsed or <see cref="PhaseOptions.MaxOperations"/> were started.
    /// Caller <c>c</c> passes <c>(c, sequence)</c>, the sequence counting the phase's operations from 0. Each operation's
    /// latency goes to its caller's histogram; an exception from an operation counts as one failed item and the caller
    /// goes on. Shows a <see cref="ProgressLine"/> on standard error and samples <paramref name="residentBytes"/> at the end.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the callers stop and the phase has no result.</exception>
    public static Task<PhaseResult> RunAsync(
        PhaseOptions options,
        Func<int, long, ValueTask<Outcome>> operation,
        Func<long?> residentBytes,
        CancellationToken cancellationToken) =>
        RunAsync(options, operation, residentBytes, Console.Error, cancellationToken);

    /// <summary>As the other overload, with the progress line on <paramref name="progressOutput"/>.</summary>
    public static async Task<PhaseResult> RunAsync(
        PhaseOptions options,
        Func<int, long, ValueTask<Outcome>> operation,
        Func<long?> residentBytes,
        TextWriter progressOutput,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(residentBytes);
        ArgumentNullException.ThrowIfNull(progressOutput);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Callers, 1, nameof(options));
        cancellationToken.ThrowIfCancellationRequested();

        var maxOperations = options.MaxOperations > 0 ? options.MaxOperations : long.MaxValue;
        var histograms = new LatencyHistogram[options.Callers];
        var tallies = new PublishedTally[options.Callers];
        var sequence = new Sequence();
        var start = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = new Task<CallerTotals>[options.Callers];
        for (var caller = 0; caller < callers.Length; caller++)
        {
            histograms[caller] = new LatencyHistogram();
            callers[caller] = RunCallerAsync(
                caller, start.Task, maxOperations, sequence, operation, histograms[caller], tallies, cancellationToken);
        }

        CallerTotals[] totals;
        TimeSpan elapsed;
        using (var progress = new ProgressLine(options.Name, progressOutput))
        {
            var startTimestamp = Stopwatch.GetTimestamp();
            start.SetResult(Deadline(startTimestamp, options.Duration));
            var allCallers = Task.WhenAll(callers);
            while (await Task.WhenAny(allCallers, Task.Delay(ProgressInterval, CancellationToken.None)).ConfigureAwait(false) != allCallers)
            {
                ReportProgress(progress, tallies);
            }

            totals = await allCallers.ConfigureAwait(false);
            elapsed = Stopwatch.GetElapsedTime(startTimestamp);
        }

        cancellationToken.ThrowIfCancellationRequested();

        var merged = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            merged.Merge(histogram);
        }

        var items = totals.Sum(total => total.Items);
        return new PhaseResult(
            options.Name,
            options.Callers,
            totals.Sum(total => total.Operations),
            items,
            elapsed,
            elapsed > TimeSpan.Zero ? items / elapsed.TotalSeconds : 0,
            merged.Percentile(50),
            merged.Percentile(90),
            merged.Percentile(99),
            merged.Percentile(99.9),
            totals.Sum(total => total.Errors),
            totals.Sum(total => total.Mismatches),
            residentBytes());
    }

    private static long Deadline(long startTimestamp, TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return long.MaxValue;
        }

        var timestampTicks = duration.TotalSeconds * Stopwatch.Frequency;
        return timestampTicks >= long.MaxValue - startTimestamp ? long.MaxValue : startTimestamp + (long)timestampTicks;
    }

    private static async Task<CallerTotals> RunCallerAsync(
        int caller,
        Task<long> start,
        long maxOperations,
        Sequence sequence,
        Func<int, long, ValueTask<Outcome>> operation,
        LatencyHistogram histogram,
        PublishedTally[] tallies,
        CancellationToken cancellationToken)
    {
        var deadline = await start.ConfigureAwait(false);
        long operations = 0, items = 0, errors = 0, mismatches = 0;
        var now = Stopwatch.GetTimestamp();
        var nextPublish = now + PublishIntervalTimestampTicks;
        // Every caller makes at least one call, even one the thread pool starts after the deadline.
        while ((operations == 0 || now < deadline) && !cancellationToken.IsCancellationRequested)
        {
            var number = sequence.Next();
            if (number >= maxOperations)
            {
                break;
            }

            Outcome outcome;
            var began = Stopwatch.GetTimestamp();
            try
            {
                outcome = await operation(caller, number).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception)
            {
                outcome = Outcome.Failure;
            }

            now = Stopwatch.GetTimestamp();
            histogram.Record(Stopwatch.GetElapsedTime(began, now));
            operations++;
            items += outcome.Items;
            errors += outcome.Errors;
            mismatches += outcome.Mismatches;
            if (now >= nextPublish)
            {
                Publish(tallies, caller, items, errors, mismatches);
                nextPublish = now + PublishIntervalTimestampTicks;
            }

            if (operations % OperationsBetweenYields == 0)
            {
                await Task.Yield();
                now = Stopwatch.GetTimestamp();
            }
        }

        Publish(tallies, caller, items, errors, mismatches);
        return new CallerTotals(operations, items, errors, mismatches);
    }

    private static void Publish(PublishedTally[] tallies, int caller, long items, long errors, long mismatches)
    {
        ref var tally = ref tallies[caller];
        Volatile.Write(ref tally.Items, items);
        Volatile.Write(ref tally.Errors, errors);
        Volatile.Write(ref tally.Mismatches, mismatches);
    }

    private static void ReportProgress(ProgressLine progress, PublishedTally[] tallies)
    {
        long items = 0, errors = 0, mismatches = 0;
        for (var caller = 0; caller < tallies.Length; caller++)
        {
            ref var tally = ref tallies[caller];
            items += Volatile.Read(ref tally.Items);
            errors += Volatile.Read(ref tally.Errors);
            mismatches += Volatile.Read(ref tally.Mismatches);
        }

        progress.Report(items, errors, mismatches);
    }

    private readonly record struct CallerTotals(long Operations, long Items, long Errors, long Mismatches);

    /// <summary>The phase's operation counter, alone on its cache lines so the callers' other data does not share them.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private sealed class Sequence
    {
        [FieldOffset(64)]
        private long _last = -1;

        public long Next() => Interlocked.Increment(ref _last);
    }

    /// <summary>A caller's figures so far for the progress line, written by that caller only, one per 128 bytes so callers do not share a cache line.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PublishedTally
    {
        [FieldOffset(0)]
        public long Items;

        [FieldOffset(8)]
        public long Errors;

        [FieldOffset(16)]
        public long Mismatches;
    }
}
