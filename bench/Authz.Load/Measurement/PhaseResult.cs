using System.Collections.ObjectModel;

namespace Authz.Load.Measurement;

/// <summary>
/// What a phase measured. <see cref="Operations"/> are the completed calls, <see cref="Items"/> what they counted
/// (<see cref="Outcome.Items"/>); the percentiles are per operation; <see cref="ServiceResidentBytes"/> is the service's
/// resident memory at the end of the phase, null when unknown.
/// </summary>
public sealed record PhaseResult(
    string Phase,
    int Callers,
    long Operations,
    long Items,
    TimeSpan Elapsed,
    double ItemsPerSecond,
    TimeSpan P50,
    TimeSpan P90,
    TimeSpan P99,
    TimeSpan P999,
    long Errors,
    long Mismatches,
    long? ServiceResidentBytes)
{
    /// <summary>Extra figures by name, e.g. "ratio_to_null" -> "0.81".</summary>
    public IReadOnlyDictionary<string, string> Notes { get; init; } = ReadOnlyDictionary<string, string>.Empty;
}
