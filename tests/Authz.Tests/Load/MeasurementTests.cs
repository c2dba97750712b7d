using System.Collections.Concurrent;
using System.Text.Json;
using Authz.Load.Measurement;

namespace Authz.Tests.Load;

public sealed class MeasurementTests
{
    private const double Precision = 0.01;

    private static readonly TimeSpan NoTimeLimit = TimeSpan.FromMinutes(5);

    private static TimeSpan Microseconds(long value) => TimeSpan.FromTicks(value * TimeSpan.TicksPerMicrosecond);

    private static void AssertWithinPrecision(TimeSpan expected, TimeSpan actual) =>
        Assert.InRange(actual.Ticks, (long)(expected.Ticks * (1 - Precision)), (long)(expected.Ticks * (1 + Precision)));

    private static LatencyHistogram Uniform(long fromMicroseconds, long toMicroseconds)
    {
        var histogram = new LatencyHistogram();
        for (var value = fromMicroseconds; value <= toMicroseconds; value++)
        {
            histogram.Record(Microseconds(value));
        }

        return histogram;
    }

    private static Task<PhaseResult> Run(
        PhaseOptions options, Func<int, long, ValueTask<Outcome>> operation, long? residentBytes = null, CancellationToken cancellationToken = default) =>
        PhaseRunner.RunAsync(options, operation, () => residentBytes, TextWriter.Null, cancellationToken);

    private static PhaseResult SampleResult(string phase) =>
        new(phase, 8, 1_000, 100_000, TimeSpan.FromSeconds(2), 50_000, TimeSpan.FromTicks(1_234), TimeSpan.FromMilliseconds(2),
            TimeSpan.FromMilliseconds(5.5), TimeSpan.FromMilliseconds(12.25), 3, 1, 256L * 1024 * 1024)
        {
            Notes = new Dictionary<string, string> { ["ratio_to_null"] = "0.81", ["target"] = "gateway" },
        };

    // ---- LatencyHistogram ----

    [Fact]
    public void Percentiles_of_a_uniform_distribution_are_within_one_percent()
    {
        var histogram = Uniform(1, 10_000);

        Assert.Equal(10_000, histogram.Count);
        AssertWithinPrecision(Microseconds(5_000), histogram.Percentile(50));
        AssertWithinPrecision(Microseconds(9_000), histogram.Percentile(90));
        AssertWithinPrecision(Microseconds(9_900), histogram.Percentile(99));
        AssertWithinPrecision(Microseconds(9_990), histogram.Percentile(99.9));
        Assert.Equal(Microseconds(1), histogram.Percentile(0));
        Assert.Equal(Microseconds(10_000), histogram.Percentile(100));
    }

    [Fact]
    public void Percentiles_of_two_clusters_fall_in_the_right_cluster()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 900; i++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(1));
        }

        for (var i = 0; i < 100; i++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(100));
        }

        AssertWithinPrecision(TimeSpan.FromMilliseconds(1), histogram.Percentile(50));
        AssertWithinPrecision(TimeSpan.FromMilliseconds(1), histogram.Percentile(90));
        AssertWithinPrecision(TimeSpan.FromMilliseconds(100), histogram.Percentile(90.1));
        AssertWithinPrecision(TimeSpan.FromMilliseconds(100), histogram.Percentile(99.9));
        Assert.Equal(TimeSpan.FromMilliseconds(1), histogram.Percentile(0));
        Assert.Equal(TimeSpan.FromMilliseconds(100), histogram.Percentile(100));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(127)]
    [InlineData(1_000)]
    [InlineData(123_456)]
    [InlineData(60_000_000)]
    public void Every_recorded_value_is_reported_within_one_percent(long microseconds)
    {
        var histogram = new LatencyHistogram();
        histogram.Record(TimeSpan.Zero);
        histogram.Record(Microseconds(microseconds));
        histogram.Record(Microseconds(microseconds * 2));

        AssertWithinPrecision(Microseconds(microseconds), histogram.Percentile(50));
        Assert.Equal(TimeSpan.Zero, histogram.Percentile(0));
        Assert.Equal(Microseconds(microseconds * 2), histogram.Percentile(100));
    }

    [Fact]
    public void An_empty_histogram_reports_zero_and_rejects_percentiles_out_of_range()
    {
        var histogram = new LatencyHistogram();

        Assert.Equal(0, histogram.Count);
        Assert.Equal(TimeSpan.Zero, histogram.Percentile(99));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Percentile(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Percentile(100.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Percentile(double.NaN));
    }

    [Fact]
    public void Latencies_beyond_the_tracked_range_count_and_keep_the_exact_maximum()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(TimeSpan.FromMilliseconds(1));
        histogram.Record(TimeSpan.FromMinutes(10));

        Assert.Equal(2, histogram.Count);
        Assert.Equal(TimeSpan.FromMinutes(10), histogram.Percentile(100));
        AssertWithinPrecision(TimeSpan.FromMilliseconds(1), histogram.Percentile(50));
        Assert.Equal(TimeSpan.FromMinutes(10), histogram.Percentile(99));
    }

    [Fact]
    public void Merged_histograms_report_as_one_that_recorded_everything()
    {
        var whole = Uniform(1, 20_000);
        var merged = Uniform(1, 10_000);
        merged.Merge(Uniform(10_001, 20_000));
        merged.Merge(new LatencyHistogram());

        Assert.Equal(whole.Count, merged.Count);
        foreach (var percentile in new[] { 0, 25, 50, 90, 99, 99.9, 100 })
        {
            Assert.Equal(whole.Percentile(percentile), merged.Percentile(percentile));
        }

        Assert.Equal(Microseconds(1), merged.Min);
        Assert.Equal(Microseconds(20_000), merged.Max);
    }

    // ---- Outcome ----

    [Fact]
    public void One_outcome_counts_one_item()
    {
        Assert.Equal(new Outcome(1, 0, 0), Outcome.One(error: false, mismatch: false));
        Assert.Equal(new Outcome(1, 1, 0), Outcome.One(error: true, mismatch: false));
        Assert.Equal(new Outcome(1, 0, 1), Outcome.One(error: false, mismatch: true));
    }

    // ---- PhaseRunner ----

    [Fact]
    public async Task A_phase_stops_after_exactly_max_operations_each_sequence_number_once()
    {
        const int Callers = 4;
        const int MaxOperations = 5_000;
        var seen = new int[MaxOperations];
        var callersSeen = new ConcurrentDictionary<int, bool>();

        var result = await Run(new PhaseOptions("exact", Callers, NoTimeLimit, MaxOperations), async (caller, sequence) =>
        {
            callersSeen.TryAdd(caller, true);
            Interlocked.Increment(ref seen[sequence]);
            if (sequence % 7 == 0)
            {
                await Task.Yield();
            }

            return Outcome.Success;
        }, residentBytes: 42);

        Assert.Equal(MaxOperations, result.Operations);
        Assert.Equal(MaxOperations, result.Items);
        Assert.All(seen, count => Assert.Equal(1, count));
        Assert.All(callersSeen.Keys, caller => Assert.InRange(caller, 0, Callers - 1));
        Assert.Equal("exact", result.Phase);
        Assert.Equal(Callers, result.Callers);
        Assert.Equal(0, result.Errors);
        Assert.Equal(0, result.Mismatches);
        Assert.Equal(42, result.ServiceResidentBytes);
        Assert.True(result.Elapsed > TimeSpan.Zero);
        Assert.True(result.ItemsPerSecond > 0);
        Assert.True(result.P50 <= result.P90 && result.P90 <= result.P99 && result.P99 <= result.P999);
    }

    [Fact]
    public async Task A_phase_stops_when_its_duration_has_elapsed()
    {
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var result = await Run(new PhaseOptions("timed", 3, TimeSpan.FromMilliseconds(50), MaxOperations: 0), async (_, _) =>
        {
            await Task.Delay(1);
            return Outcome.Success;
        }, cancellationToken: safety.Token);

        Assert.True(result.Operations > 0);
        Assert.Equal(result.Operations, result.Items);
        Assert.True(result.Elapsed >= TimeSpan.FromMilliseconds(50));
        Assert.Null(result.ServiceResidentBytes);
    }

    [Fact]
    public async Task Callers_whose_operations_complete_synchronously_all_take_part()
    {
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var callersSeen = new ConcurrentDictionary<int, bool>();

        var result = await Run(new PhaseOptions("synchronous", 8, TimeSpan.FromMilliseconds(200), MaxOperations: 0), (caller, _) =>
        {
            callersSeen.TryAdd(caller, true);
            return ValueTask.FromResult(Outcome.Success);
        }, cancellationToken: safety.Token);

        Assert.True(result.Operations > 0);
        Assert.Equal(8, callersSeen.Count);
    }

    [Fact]
    public async Task Thrown_exceptions_count_as_errors_and_outcomes_as_items_errors_and_mismatches()
    {
        const int MaxOperations = 3_000;

        var result = await Run(new PhaseOptions("errors", 3, NoTimeLimit, MaxOperations), (_, sequence) =>
            sequence % 3 == 0 ? throw new InvalidOperationException("refused")
            : sequence % 3 == 1 ? ValueTask.FromResult(Outcome.One(error: false, mismatch: sequence % 5 == 0))
            : ValueTask.FromResult(new Outcome(100, 2, 1)));

        var sequences = Enumerable.Range(0, MaxOperations);
        var batches = sequences.Count(sequence => sequence % 3 == 2);
        Assert.Equal(MaxOperations, result.Operations);
        Assert.Equal(sequences.Count(sequence => sequence % 3 < 2) + 100L * batches, result.Items);
        Assert.Equal(sequences.Count(sequence => sequence % 3 == 0) + 2L * batches, result.Errors);
        Assert.Equal(sequences.Count(sequence => sequence % 3 == 1 && sequence % 5 == 0) + batches, result.Mismatches);
    }

    [Fact]
    public async Task An_operation_that_throws_asynchronously_counts_as_one_error()
    {
        var result = await Run(new PhaseOptions("async errors", 2, NoTimeLimit, 100), async (_, _) =>
        {
            await Task.Yield();
            throw new TimeoutException();
        });

        Assert.Equal(100, result.Operations);
        Assert.Equal(100, result.Items);
        Assert.Equal(100, result.Errors);
    }

    [Fact]
    public async Task Cancellation_ends_the_phase()
    {
        using var cancellation = new CancellationTokenSource();
        var started = 0L;

        var phase = Run(new PhaseOptions("cancelled", 2, Timeout.InfiniteTimeSpan, MaxOperations: 0), async (_, _) =>
        {
            if (Interlocked.Increment(ref started) < 100)
            {
                await Task.Yield();
                return Outcome.Success;
            }

            await cancellation.CancelAsync();
            await Task.Delay(Timeout.Infinite, cancellation.Token);
            return Outcome.Success;
        }, cancellationToken: cancellation.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => phase).WaitAsync(TimeSpan.FromSeconds(30));
    }

    // ---- ProgressLine ----

    [Fact]
    public void A_redirected_progress_line_writes_whole_lines()
    {
        using var output = new StringWriter();
        using (var progress = new ProgressLine("load", output, interactive: false, interval: TimeSpan.Zero))
        {
            progress.Report(500, total: 1_000);
            progress.Report(700, errors: 2, mismatches: 1);
        }

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("load: 500/1000 items ", lines[0]);
        Assert.Matches(@"^load: 700 items \d+/s errors 2 mismatches 1 \d+s$", lines[1]);
        Assert.DoesNotContain('\r', output.ToString());
    }

    [Fact]
    public void An_interactive_progress_line_is_rewritten_in_place_and_cleared()
    {
        using var output = new StringWriter();
        using (var progress = new ProgressLine("check", output, interactive: true, interval: TimeSpan.Zero))
        {
            progress.Report(1_000_000);
            progress.Report(2);
        }

        var text = output.ToString();
        Assert.StartsWith("\rcheck: 1000000 items ", text);
        Assert.Contains("\rcheck: 2 items ", text);
        Assert.EndsWith("\r", text);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public void A_progress_line_writes_nothing_before_its_interval()
    {
        using var output = new StringWriter();
        using (var progress = new ProgressLine("quiet", output))
        {
            progress.Report(1);
        }

        Assert.Empty(output.ToString());
    }

    // ---- Report ----

    [Fact]
    public void A_json_line_parses_and_has_the_figures_and_notes()
    {
        var line = Report.JsonLine(SampleResult("check"));

        Assert.DoesNotContain('\n', line);
        using var document = JsonDocument.Parse(line);
        var json = document.RootElement;
        string[] keys =
        [
            "phase", "callers", "operations", "items", "seconds", "items_per_second", "p50_ms", "p90_ms", "p99_ms", "p999_ms",
            "errors", "mismatches", "service_rss_bytes", "ratio_to_null", "target",
        ];
        Assert.Equal(keys.Order(), json.EnumerateObject().Select(property => property.Name).Order());
        Assert.Equal("check", json.GetProperty("phase").GetString());
        Assert.Equal(8, json.GetProperty("callers").GetInt32());
        Assert.Equal(1_000, json.GetProperty("operations").GetInt64());
        Assert.Equal(100_000, json.GetProperty("items").GetInt64());
        Assert.Equal(2, json.GetProperty("seconds").GetDouble());
        Assert.Equal(50_000, json.GetProperty("items_per_second").GetDouble());
        Assert.Equal(0.1234, json.GetProperty("p50_ms").GetDouble());
        Assert.Equal(12.25, json.GetProperty("p999_ms").GetDouble());
        Assert.Equal(3, json.GetProperty("errors").GetInt64());
        Assert.Equal(1, json.GetProperty("mismatches").GetInt64());
        Assert.Equal(256L * 1024 * 1024, json.GetProperty("service_rss_bytes").GetInt64());
        Assert.Equal(0.81, json.GetProperty("ratio_to_null").GetDouble());
        Assert.Equal("gateway", json.GetProperty("target").GetString());
    }

    [Fact]
    public void A_json_line_writes_unknown_memory_as_null_and_keeps_notes_apart_from_the_figures()
    {
        var result = SampleResult("check \"quoted\"") with
        {
            ServiceResidentBytes = null,
            Notes = new Dictionary<string, string> { ["errors"] = "7", ["odd"] = "1\n" },
        };

        using var document = JsonDocument.Parse(Report.JsonLine(result));
        var json = document.RootElement;

        Assert.Equal("check \"quoted\"", json.GetProperty("phase").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("service_rss_bytes").ValueKind);
        Assert.Equal(3, json.GetProperty("errors").GetInt64());
        Assert.Equal(7, json.GetProperty("note_errors").GetInt64());
        Assert.Equal("1\n", json.GetProperty("odd").GetString());
    }

    [Fact]
    public void Json_lines_are_one_object_per_phase()
    {
        using var output = new StringWriter();

        Report.WriteJsonLines([SampleResult("null"), SampleResult("check")], output);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["null", "check"], lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("phase").GetString()));
    }

    [Fact]
    public void The_table_has_a_header_and_one_row_per_phase()
    {
        using var output = new StringWriter();

        Report.WriteTable([SampleResult("null"), SampleResult("check-batch") with { ServiceResidentBytes = null, Notes = new Dictionary<string, string>() }], output);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("phase", lines[0]);
        Assert.Contains("p99.9 ms", lines[0]);
        Assert.StartsWith("null ", lines[1]);
        Assert.Contains(" 50000 ", lines[1]);
        Assert.Contains(" 0.123 ", lines[1]);
        Assert.Contains(" 12.250 ", lines[1]);
        Assert.Contains(" 256.0 ", lines[1]);
        Assert.EndsWith("ratio_to_null=0.81 target=gateway", lines[1]);
        Assert.StartsWith("check-batch ", lines[2]);
        Assert.EndsWith(" -", lines[2]);
        Assert.Equal(lines[0].IndexOf("callers", StringComparison.Ordinal) + "callers".Length, lines[1].IndexOf(" 8 ", StringComparison.Ordinal) + 2);
    }

    // ---- ResidentMemory ----

    [Fact]
    public void The_resident_memory_of_this_process_is_known()
    {
        Assert.True(ResidentMemory.Of(Environment.ProcessId) > 0);
    }

    [Fact]
    public void A_process_that_does_not_exist_has_no_resident_memory()
    {
        Assert.Null(ResidentMemory.Of(int.MaxValue));
    }
}
