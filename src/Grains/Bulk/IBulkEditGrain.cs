using Authz.Grains.Domain;

namespace Authz.Grains.Bulk;

/// <summary>What a bulk edit answers: its revision token (none on a dry run), how many holdings it changes, and who gains or loses what.</summary>
[GenerateSerializer, Immutable, Alias("authz.BulkOutcome")]
public sealed record BulkOutcome(
    [property: Id(0)] RevisionToken? Token,
    [property: Id(1)] int ChangedCount,
    [property: Id(2)] ImpactPage Impact);

/// <summary>Runs bulk edits of one organization (ASG-4). A stateless worker keyed by organization id.</summary>
[Alias("authz.IBulkEditGrain")]
public interface IBulkEditGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates the whole edit against every unit, then (unless <paramref name="dryRun"/>) applies it unit by unit;
    /// if a unit refuses, the units already changed are put back, so the edit is all-or-nothing.
    /// </summary>
    [Alias("Apply")]
    Task<BulkOutcome> ApplyAsync(BulkEdit edit, bool dryRun, string? pageToken, int pageSize);
}
