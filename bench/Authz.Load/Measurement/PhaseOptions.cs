namespace Authz.Load.Measurement;

/// <summary>
/// One measured phase: <paramref name="Callers"/> concurrent callers until <paramref name="Duration"/> has elapsed or
/// <paramref name="MaxOperations"/> operations were started, whichever comes first. A zero or negative
/// <paramref name="Duration"/> (e.g. <see cref="Timeout.InfiniteTimeSpan"/>) sets no time limit, a zero or negative
/// <paramref name="MaxOperations"/> no count limit.
/// </summary>
public sealed record PhaseOptions(string Name, int Callers, TimeSpan Duration, long MaxOperations);
