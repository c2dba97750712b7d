namespace Authz.Load.Measurement;

/// <summary>
/// What one operation did: how many items it counted (1 for a Check, 100 for a CheckBatch of 100), how many of those
/// failed, and how many answered differently than expected.
/// </summary>
public readonly record struct Outcome(int Items, int Errors, int Mismatches)
{
    /// <summary>One item that succeeded and answered as expected.</summary>
    public static Outcome Success => new(1, 0, 0);

    /// <summary>One item that failed.</summary>
    public static Outcome Failure => new(1, 1, 0);

    public static Outcome One(bool error, bool mismatch) => new(1, error ? 1 : 0, mismatch ? 1 : 0);
}
