using Authz.Grains;
using Microsoft.Extensions.Caching.Memory;

namespace Authz.Gateway.Security;

/// <summary>
/// Whether an organization exists, asked of the organization registry before an unauthenticated call touches any
/// organization-scoped grain. Organizations are never deleted, so a "yes" is kept (at most <see cref="Capacity"/> of
/// them: beyond, the cache compacts, least recently used first); a "no" is never kept, so random ids leave nothing behind.
/// </summary>
public sealed class KnownOrganizations(IGrainFactory grains) : IDisposable
{
    public const int Capacity = 100_000;

    private readonly MemoryCache _known = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public async ValueTask<bool> ExistsAsync(string organizationId)
    {
        if (_known.TryGetValue(organizationId, out _))
        {
            return true;
        }

        if (!await grains.OrganizationRegistry(organizationId).ContainsAsync(organizationId))
        {
            return false;
        }

        _known.Set(organizationId, true, new MemoryCacheEntryOptions { Size = 1 });
        return true;
    }

    public void Dispose() => _known.Dispose();
}
