using System.Diagnostics.Metrics;
using Authz.Grains.Domain;
using Authz.Grains.Units;

namespace Authz.Grains.Telemetry;

/// <summary>
/// The service's own instruments, on one meter named <see cref="MeterName"/> that both hosts export. Static, as the
/// grains and the gateway record from places that have no container of their own to ask for an <c>IMeterFactory</c>.
/// </summary>
public static class AuthzMetrics
{
    public const string MeterName = "Authz";

    /// <summary>Seconds, from 5 ms to 10 s: the SDK's default buckets are meant for milliseconds.</summary>
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    };

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Checks = Meter.CreateCounter<long>(
        "authz.checks", "{check}", "Permission checks answered, by result (allowed, denied) and RPC (Check, CheckBatch).");

    private static readonly Histogram<double> CheckDuration = Meter.CreateHistogram(
        "authz.check.duration", "s", "Duration of a Check or CheckBatch RPC, as the gateway measures it.", advice: SecondsBuckets);

    private static readonly Histogram<double> FanOutLag = Meter.CreateHistogram(
        "authz.fanout.lag", "s", "Time from a unit emitting an inheritance change to a descendant unit applying it.", advice: SecondsBuckets);

    private static readonly Counter<long> StreamMessages = Meter.CreateCounter<long>(
        "authz.stream.messages", "{message}", "Messages units sent to their children and received from their parent, by stream namespace.");

    private static readonly Counter<long> StorageErrors = Meter.CreateCounter<long>(
        "authz.storage.errors", "{error}", "Grain state writes that failed, by kind (unavailable, conflict).");

    private static readonly Counter<long> UnauthenticatedRefusals = Meter.CreateCounter<long>(
        "authz.unauthenticated_refusals", "{call}",
        "Refused calls of unauthenticated callers naming an existing organization, by handling: recorded (audited at once), counted (in a window's summary entry), dropped (too many sources counted at once).");

    /// <summary><paramref name="count"/> checks of <paramref name="rpc"/> answered <paramref name="allowed"/>.</summary>
    public static void RecordChecks(string rpc, bool allowed, long count = 1) =>
        Checks.Add(count, new("result", allowed ? "allowed" : "denied"), new("rpc", rpc));

    public static void RecordCheckDuration(string rpc, TimeSpan elapsed) =>
        CheckDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("rpc", rpc));

    /// <summary>The lag of each message a unit has just applied.</summary>
    public static void RecordFanOutLag(IEnumerable<FanOut> applied, DateTimeOffset now)
    {
        foreach (var message in applied)
        {
            FanOutLag.Record((now - message.EmittedAt).TotalSeconds);
        }
    }

    public static void RecordSent(string streamNamespace) => RecordStreamMessage("sent", streamNamespace);

    public static void RecordReceived(string streamNamespace) => RecordStreamMessage("received", streamNamespace);

    /// <summary>A failed state write: <see cref="DomainError.Aborted"/> is an ETag conflict, anything else storage being unavailable.</summary>
    public static void RecordStorageError(DomainError kind) =>
        StorageErrors.Add(1, new KeyValuePair<string, object?>("kind", kind == DomainError.Aborted ? "conflict" : "unavailable"));

    public static void RecordUnauthenticatedRefusal(RefusalHandling handling) =>
        UnauthenticatedRefusals.Add(1, new KeyValuePair<string, object?>("handling", handling switch
        {
            RefusalHandling.Record => "recorded",
            RefusalHandling.Counted => "counted",
            _ => "dropped",
        }));

    private static void RecordStreamMessage(string direction, string streamNamespace) =>
        StreamMessages.Add(1, new("direction", direction), new("stream", streamNamespace));
}
