using Authz.Grains;
using Authz.Grains.Domain;
using Authz.Grains.Units;

namespace Authz.Gateway.Services;

/// <summary>
/// A read request's revision_token (CHK-4), in one place: decoded for the organization it names, passed on to the grain
/// that answers, or waited for at the unit the read goes to. A request without a token makes no extra call.
/// </summary>
public sealed class RequestRevisions(IGrainFactory grains, RevisionTokenCodec tokens)
{
    /// <summary>The revision the read must reflect, or null for none; InvalidArgument for a token of another organization or a forged one.</summary>
    public RevisionToken? Of(string organizationId, string revisionToken) => tokens.Decode(organizationId, revisionToken);

    /// <summary>The unit, once it has applied <paramref name="token"/>; Unavailable if it does not in time.</summary>
    public Task<IUnitGrain> UnitAsync(string organizationId, string unitId, RevisionToken? token, CancellationToken cancellationToken) =>
        grains.CaughtUpUnitAsync(organizationId, unitId, token, cancellationToken);

    /// <summary>The unit, once it has applied the request's <paramref name="revisionToken"/>.</summary>
    public Task<IUnitGrain> UnitAsync(string organizationId, string unitId, string revisionToken, CancellationToken cancellationToken) =>
        UnitAsync(organizationId, unitId, Of(organizationId, revisionToken), cancellationToken);
}
