using System.Diagnostics;
using Authz.Grains;
using Authz.Grains.Domain;
using Authz.Grains.Organizations;
using Authz.Grains.Units;

namespace Authz.Bench;

/// <summary>
/// How long one change took to reach every unit; <see cref="SlowestByDepth"/> is the last unit reached at each tree level,
/// <see cref="Unreached"/> the units that never answered as they should, <see cref="Unavailable"/> the token waits that gave up.
/// </summary>
public sealed record Figure(string Name, double Milliseconds, double[] SlowestByDepth, int Unreached, int Unavailable);

/// <summary>
/// A fresh hierarchical organization with <see cref="Children"/> children per unit, filled level by level, and one
/// user holding a role at the root unit.
/// </summary>
public sealed class FanOutRun
{
    public const int Children = 10;

    public static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    private const string UserId = "ada";
    private const string RoleId = "reader";
    private const string Read = "doc.read";
    private const string Write = "doc.write";

    private readonly IOrganizationGrain _organization;
    private readonly IUnitGrain[] _units;
    private readonly int[] _depths;

    private FanOutRun(IGrainFactory grains, string organizationId, int unitCount)
    {
        _organization = grains.Organization(organizationId);
        _units = Enumerable.Range(0, unitCount).Select(i => grains.Unit(organizationId, UnitId(i))).ToArray();
        _depths = Depths(unitCount);
    }

    /// <summary>Units per tree level, the root first.</summary>
    public static int[] Shape(int unitCount) => Depths(unitCount).CountBy(depth => depth).Select(level => level.Value).ToArray();

    public static async Task<FanOutRun> CreateAsync(IGrainFactory grains, int unitCount)
    {
        var id = $"bench-{Guid.NewGuid():N}"[..24];
        var organization = grains.Organization(id);
        await organization.CreateAsync("Bench", Plan.Advanced, OrganizationStructure.Hierarchical, [],
            new NewUser("founder", "founder@example.org", "Fay", "Founder"), null, null);
        await organization.CreatePermissionAsync(Read, "");
        await organization.CreatePermissionAsync(Write, "");
        await organization.CreateRoleAsync(RoleId, "Reader", [Read]);
        for (var i = 0; i < unitCount; i++)
        {
            await organization.CreateUnitAsync(UnitId(i), UnitId(i), i == 0 ? null : UnitId((i - 1) / Children));
        }

        await grains.UserDirectory(id).CreateUserAsync(UserId, "ada@example.org", "Ada", "Lovelace");
        await grains.Unit(id, UnitId(0)).AssignRolesAsync(UserId, [RoleId], null, null);
        return new FanOutRun(grains, id, unitCount);
    }

    /// <summary>Inheritance on and off, polled and by token, then a role edit reaching the units that inherit the role.</summary>
    public async Task<Figure[]> MeasureAsync()
    {
        var root = _units[0];
        var figures = new List<Figure>
        {
            await PolledAsync("inheritance on, polled", () => root.SetInheritanceAsync(UserId, InheritanceMode.Replace), Read, Everywhere),
            await PolledAsync("inheritance off, polled", () => root.SetInheritanceAsync(UserId, null), Read, AtRootOnly),
            await ByTokenAsync("inheritance on, revision token", InheritanceMode.Replace, Everywhere),
            await ByTokenAsync("inheritance off, revision token", null, AtRootOnly),
        };
        await ByTokenAsync("", InheritanceMode.Replace, Everywhere);
        figures.Add(await PolledAsync("role edit, polled", () => _organization.SetRolePermissionsAsync(RoleId, [Write]), Write, Everywhere));
        return [.. figures];
    }

    private static bool Everywhere(int unit) => true;

    /// <summary>Inheritance off: the root keeps the role it holds directly.</summary>
    private static bool AtRootOnly(int unit) => unit == 0;

    private static string UnitId(int index) => $"u{index}";

    private static int[] Depths(int unitCount)
    {
        var depths = new int[unitCount];
        for (var i = 1; i < unitCount; i++)
        {
            depths[i] = depths[(i - 1) / Children] + 1;
        }

        return depths;
    }

    private static double Since(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>Asks every unit that has not yet answered as <paramref name="expected"/> again, about once a millisecond.</summary>
    private async Task<Figure> PolledAsync(string name, Func<Task> write, string permissionId, Func<int, bool> expected)
    {
        await Task.Delay(100);
        var started = Stopwatch.GetTimestamp();
        await write();
        var reached = Enumerable.Repeat(double.PositiveInfinity, _units.Length).ToArray();
        var pending = Enumerable.Range(0, _units.Length).ToArray();
        while (pending.Length > 0 && Stopwatch.GetElapsedTime(started) < GiveUp)
        {
            var answers = await Task.WhenAll(pending.Select(i => _units[i].CheckAsync(UserId, permissionId).AsTask()));
            var now = Since(started);
            foreach (var (i, _) in pending.Zip(answers).Where(pair => pair.Second == expected(pair.First)))
            {
                reached[i] = now;
            }

            pending = pending.Where((i, k) => answers[k] != expected(i)).ToArray();
            if (pending.Length > 0)
            {
                await Task.Delay(1);
            }
        }

        return ToFigure(name, reached, pending.Length, 0);
    }

    /// <summary>Awaits the write's revision token on every unit at once (each retries after Unavailable), then checks them.</summary>
    private async Task<Figure> ByTokenAsync(string name, InheritanceMode? mode, Func<int, bool> expected)
    {
        await Task.Delay(100);
        var started = Stopwatch.GetTimestamp();
        var token = (await _units[0].SetInheritanceAsync(UserId, mode)).Token;
        var unavailable = 0;
        var reached = await Task.WhenAll(_units.Select(async unit =>
        {
            while (true)
            {
                try
                {
                    await unit.AwaitRevisionAsync(token);
                    return Since(started);
                }
                catch (DomainException error) when (error.Error == DomainError.Unavailable && Stopwatch.GetElapsedTime(started) < GiveUp)
                {
                    Interlocked.Increment(ref unavailable);
                }
            }
        }));
        var wrong = (await Task.WhenAll(_units.Select(unit => unit.CheckAsync(UserId, Read).AsTask()))).Where((answer, i) => answer != expected(i)).Count();
        return ToFigure(name, reached, wrong, unavailable);
    }

    private Figure ToFigure(string name, double[] reached, int unreached, int unavailable) =>
        new(name, reached.Max(), reached.Zip(_depths).GroupBy(pair => pair.Second, pair => pair.First).Select(level => level.Max()).ToArray(),
            unreached, unavailable);
}
