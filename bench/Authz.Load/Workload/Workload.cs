namespace Authz.Load.Workload;

/// <summary>The deterministic RBAC model of WORKLOAD.md: tenant after tenant, drawn from one stream.</summary>
public sealed class Workload
{
    public const ulong Seed = 20260101;

    private readonly Tenant[] _tenants;

    private Workload(Tenant[] tenants)
    {
        _tenants = tenants;
        foreach (var tenant in tenants)
        {
            BindingCount += tenant.BindingCount;
        }
    }

    public IReadOnlyList<Tenant> Tenants => _tenants;

    public int BindingCount { get; }

    internal Tenant[] TenantArray => _tenants;

    /// <summary>The first <paramref name="tenants"/> tenants; a smaller workload is a prefix of a larger one.</summary>
    public static Workload Generate(int tenants)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tenants);
        var random = new SplitMix64(Seed);
        var generated = new Tenant[tenants];
        for (var index = 0; index < tenants; index++)
        {
            generated[index] = new Tenant(index, random);
        }

        return new Workload(generated);
    }
}
