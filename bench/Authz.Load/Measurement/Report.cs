using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Authz.Load.Measurement;

/// <summary>Phase results as a fixed-width table for people and as JSON lines for scripts.</summary>
public static partial class Report
{
    private const double BytesPerMebibyte = 1024 * 1024;
    private const string NoteKeyPrefix = "note_";

    private static readonly string[] TableHeader =
        ["phase", "callers", "items/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "errors", "mismatches", "RSS MiB", "notes"];

    private static readonly bool[] LeftAligned = [true, false, false, false, false, false, false, false, false, false, true];

    private static readonly HashSet<string> StandardKeys =
    [
        "phase", "callers", "operations", "items", "seconds", "items_per_second", "p50_ms", "p90_ms", "p99_ms", "p999_ms",
        "errors", "mismatches", "service_rss_bytes",
    ];

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One row per phase under a header, columns padded to their widest cell; latencies in ms with 3 decimals.</summary>
    public static void WriteTable(IEnumerable<PhaseResult> results, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(output);
        var rows = new List<string[]> { TableHeader };
        rows.AddRange(results.Select(TableRow));
        var widths = Enumerable.Range(0, TableHeader.Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        foreach (var row in rows)
        {
            var line = new StringBuilder();
            for (var column = 0; column < row.Length; column++)
            {
                if (column > 0)
                {
                    line.Append("  ");
                }

                line.Append(LeftAligned[column] ? row[column].PadRight(widths[column]) : row[column].PadLeft(widths[column]));
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }

    /// <summary>
    /// One JSON object on one line: phase, callers, operations, items, seconds, items_per_second, p50_ms, p90_ms, p99_ms,
    /// p999_ms, errors, mismatches, service_rss_bytes (null when unknown), then the notes in key order, each as a number
    /// when its text is a JSON number and as a string otherwise; a note named like a standard key gets the prefix "note_".
    /// </summary>
    public static string JsonLine(PhaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("phase", result.Phase);
            json.WriteNumber("callers", result.Callers);
            json.WriteNumber("operations", result.Operations);
            json.WriteNumber("items", result.Items);
            WriteFinite(json, "seconds", result.Elapsed.TotalSeconds);
            WriteFinite(json, "items_per_second", Math.Round(result.ItemsPerSecond, 2));
            WriteFinite(json, "p50_ms", result.P50.TotalMilliseconds);
            WriteFinite(json, "p90_ms", result.P90.TotalMilliseconds);
            WriteFinite(json, "p99_ms", result.P99.TotalMilliseconds);
            WriteFinite(json, "p999_ms", result.P999.TotalMilliseconds);
            json.WriteNumber("errors", result.Errors);
            json.WriteNumber("mismatches", result.Mismatches);
            if (result.ServiceResidentBytes is { } residentBytes)
            {
                json.WriteNumber("service_rss_bytes", residentBytes);
            }
            else
            {
                json.WriteNull("service_rss_bytes");
            }

            foreach (var (key, value) in result.Notes.OrderBy(note => note.Key, StringComparer.Ordinal))
            {
                json.WritePropertyName(StandardKeys.Contains(key) ? NoteKeyPrefix + key : key);
                if (JsonNumber().IsMatch(value))
                {
                    json.WriteRawValue(value);
                }
                else
                {
                    json.WriteStringValue(value);
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteJsonLines(IEnumerable<PhaseResult> results, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var result in results)
        {
            output.WriteLine(JsonLine(result));
        }
    }

    private static string[] TableRow(PhaseResult result) =>
    [
        result.Phase,
        result.Callers.ToString(CultureInfo.InvariantCulture),
        result.ItemsPerSecond.ToString("F0", CultureInfo.InvariantCulture),
        Milliseconds(result.P50),
        Milliseconds(result.P90),
        Milliseconds(result.P99),
        Milliseconds(result.P999),
        result.Errors.ToString(CultureInfo.InvariantCulture),
        result.Mismatches.ToString(CultureInfo.InvariantCulture),
        result.ServiceResidentBytes is { } bytes ? (bytes / BytesPerMebibyte).ToString("F1", CultureInfo.InvariantCulture) : "-",
        string.Join(' ', result.Notes.OrderBy(note => note.Key, StringComparer.Ordinal).Select(note => $"{note.Key}={note.Value}")),
    ];

    private static string Milliseconds(TimeSpan latency) => latency.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture);

    private static void WriteFinite(Utf8JsonWriter json, string key, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(key, value);
        }
        else
        {
            json.WriteNull(key);
        }
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}
