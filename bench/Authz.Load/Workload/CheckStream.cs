namespace Authz.Load.Workload;

/// <summary>One row of the check stream, with the answer the model gives.</summary>
public readonly record struct WorkloadCheck(int Tenant, int User, int Unit, int Permission, bool Expected);

/// <summary>
/// The check stream of WORKLOAD.md: half the rows target a unit and permission one of the user's bindings allows,
/// the rest pick both uniformly.
/// </summary>
public sealed class CheckStream
{
    public const ulong Seed = 20260102;

    private const double TargetedShare = 0.5;

    private CheckStream()
    {
    }

    /// <summary>Rows 0..<paramref name="count"/>-1 of the stream; a shorter stream is a prefix of a longer one.</summary>
    public static WorkloadCheck[] Generate(Workload workload, int count)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var tenants = workload.TenantArray;
        var random = new SplitMix64(Seed);
        var checks = new WorkloadCheck[count];
        for (var row = 0; row < checks.Length; row++)
        {
            var index = random.NextInt(tenants.Length);
            var tenant = tenants[index];
            var user = random.NextInt(Tenant.UserCount);
            var (unit, permission) = random.NextDouble() < TargetedShare
                ? tenant.DrawTarget(user, random)
                : (random.NextInt(UnitShape.Count), random.NextInt(Tenant.PermissionCount));
            checks[row] = new WorkloadCheck(index, user, unit, permission, tenant.Allowed(user, unit, permission));
        }

        return checks;
    }
}
