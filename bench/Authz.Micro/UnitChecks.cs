using Authz.Grains.Domain;
using BenchmarkDotNet.Attributes;

namespace Authz.Micro;

/// <summary>
/// <see cref="UnitPermissions.Check"/> as <c>UnitGrain.CheckAsync</c> calls it, on a unit of a handful of users and on
/// one of 10,000. Target: at most 200 ns and no allocation per check.
/// </summary>
[MemoryDiagnoser]
public class UnitChecks
{
    private const int Batch = 100;
    private const string Unknown = "t999_usr7";

    // Built at run time, so equal to the unit's keys but not the same instances, as ids read off a request are.
    private static readonly string Holder = Workload.UserId(7);
    private static readonly string TimeBoundHolder = Workload.UserId(12);
    private static readonly string WithoutRoles = Workload.UserId(8);
    private static readonly string Perm2 = Workload.PermissionId(2);
    private static readonly string Perm5 = Workload.PermissionId(5);
    private static readonly string Perm9 = Workload.PermissionId(9);
    private static readonly string Perm42 = Workload.PermissionId(42);

    private readonly CheckOutcome[] _outcomes = new CheckOutcome[Batch];
    private UnitPermissions _unit = null!;
    private DateTimeOffset _now;
    private (string UserId, string PermissionId)[] _batch = [];

    /// <summary>Users holding roles in the unit: 8 of the tenant's 40, or 10,000.</summary>
    [Params(8, 10_000)]
    public int Users { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _now = DateTimeOffset.UtcNow;
        _unit = Workload.Unit(Users, _now);
        var random = new Random(152);
        _batch = Enumerable.Range(0, Batch)
            .Select(_ => (Workload.UserId(random.Next(Workload.TenantUsers)), Workload.PermissionId(random.Next(Workload.PermissionCount))))
            .ToArray();
        Require(CheckOutcome.Allowed, Allowed());
        Require(CheckOutcome.Denied, DeniedRoleLacksPermission());
        Require(CheckOutcome.Denied, DeniedUserWithoutRoles());
        Require(CheckOutcome.Denied, DeniedUnknownUser());
        Require(CheckOutcome.UnknownPermission, UnknownPermission());
        Require(CheckOutcome.Allowed, AllowedByTimeBoundRole());
        Require(CheckOutcome.Allowed, AllowedWithClock());
    }

    /// <summary>t152_usr7 holds role1 and role4, which grant perm1..perm7.</summary>
    [Benchmark(Baseline = true)]
    public CheckOutcome Allowed() => _unit.Check(Holder, Perm2, _now);

    /// <summary>Misses in the permissions of the untimed roles, then walks the (empty) list of time-bound ones.</summary>
    [Benchmark]
    public CheckOutcome DeniedRoleLacksPermission() => _unit.Check(Holder, Perm9, _now);

    /// <summary>A user of the tenant who holds no role in this unit.</summary>
    [Benchmark]
    public CheckOutcome DeniedUserWithoutRoles() => _unit.Check(WithoutRoles, Perm2, _now);

    [Benchmark]
    public CheckOutcome DeniedUnknownUser() => _unit.Check(Unknown, Perm2, _now);

    [Benchmark]
    public CheckOutcome UnknownPermission() => _unit.Check(Holder, Perm42, _now);

    /// <summary>t152_usr12 holds role0 (perm0..perm3) and, for 30 more days, role2, the only one granting perm5.</summary>
    [Benchmark]
    public CheckOutcome AllowedByTimeBoundRole() => _unit.Check(TimeBoundHolder, Perm5, _now);

    /// <summary>The allowed check with the clock read the grain does per check.</summary>
    [Benchmark]
    public CheckOutcome AllowedWithClock() => _unit.Check(Holder, Perm2, TimeProvider.System.GetUtcNow());

    /// <summary>Per check, over 100 checks of random tenant users and permissions at one clock reading, as CheckManyAsync does.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public CheckOutcome CheckMany()
    {
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < _batch.Length; i++)
        {
            _outcomes[i] = _unit.Check(_batch[i].UserId, _batch[i].PermissionId, now);
        }

        return _outcomes[^1];
    }

    private static void Require(CheckOutcome expected, CheckOutcome actual)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"the workload is not what the benchmarks assume: expected {expected}, got {actual}");
        }
    }
}
