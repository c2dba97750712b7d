using System.Globalization;
using Authz.Load.Workload;

namespace Authz.Tests.Load;

public sealed class WorkloadTests
{
    private const int PublishedTenants = 1_000;
    private const int StreamLength = 1_000_000;

    private static readonly Lazy<Workload> Published = new(() => Workload.Generate(PublishedTenants));

    [Fact]
    public void Generator_reproduces_the_published_model()
    {
        var workload = Published.Value;

        AssertSameRows(SharedRows("model.tsv"), ModelRows(workload), "model.tsv");
        Assert.Equal(1_000, workload.Tenants.Count);
        Assert.Equal(15_000, workload.Tenants.Count * UnitShape.Count);
        Assert.Equal(40_000, workload.Tenants.Sum(tenant => tenant.Users.Count));
        Assert.Equal(6_000, workload.Tenants.Sum(tenant => tenant.Roles.Count));
        Assert.Equal(59_494, workload.BindingCount);
        Assert.Equal(59_494, workload.Tenants.Sum(tenant => tenant.Users.Sum(user => user.Bindings.Length)));
    }

    [Fact]
    public void Check_stream_reproduces_the_published_checks_with_their_answers()
    {
        var workload = Published.Value;

        var checks = CheckStream.Generate(workload, 20_000);

        AssertSameRows(SharedRows("checks-first-20000.tsv"), [.. checks.Select(check => CheckRow(workload, check))], "checks-first-20000.tsv");
    }

    [Fact]
    public void Check_stream_allows_53_25_percent_of_a_million_checks()
    {
        var checks = CheckStream.Generate(Published.Value, StreamLength);

        var share = (double)checks.Count(check => check.Expected) / checks.Length;

        Assert.InRange(share, 0.5324, 0.5326);
    }

    [Fact]
    public void A_shorter_check_stream_is_a_prefix_of_a_longer_one()
    {
        var workload = Published.Value;

        Assert.Equal(CheckStream.Generate(workload, 1_000), CheckStream.Generate(workload, 5_000).Take(1_000));
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var first = Workload.Generate(PublishedTenants);
        var second = Workload.Generate(PublishedTenants);

        Assert.Equal(ModelRows(first), ModelRows(second));
        Assert.Equal(CheckStream.Generate(first, 50_000), CheckStream.Generate(second, 50_000));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(10_000)]
    public void Generator_scales_and_keeps_the_published_tenants_as_its_prefix(int tenants)
    {
        var workload = Workload.Generate(tenants);

        Assert.Equal(tenants, workload.Tenants.Count);
        Assert.Equal(workload.Tenants.Sum(tenant => tenant.Users.Sum(user => user.Bindings.Length)), workload.BindingCount);
        for (var index = 0; index < tenants; index++)
        {
            AssertWellFormed(workload.Tenants[index], index);
        }

        var shared = Math.Min(tenants, PublishedTenants);
        var published = SharedRows("model.tsv").Where(row => int.Parse(row.Split('\t')[1], CultureInfo.InvariantCulture) < shared);
        AssertSameRows([.. published], [.. ModelRows(workload).Where(row => int.Parse(row.Split('\t')[1], CultureInfo.InvariantCulture) < shared)], "model.tsv");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(10_000)]
    public void Every_check_answer_matches_a_walk_up_the_unit_tree(int tenants)
    {
        var workload = Workload.Generate(tenants);

        var checks = CheckStream.Generate(workload, 100_000);

        Assert.All(checks, check => Assert.InRange(check.Tenant, 0, tenants - 1));
        Assert.All(checks, check => Assert.Equal(ReferenceAllowed(workload.Tenants[check.Tenant], check), check.Expected));
    }

    [Fact]
    public void Unit_shape_is_the_fixed_three_level_tree()
    {
        Assert.Null(UnitShape.Parent(0));
        Assert.Equal([0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2], Enumerable.Range(1, UnitShape.Count - 1).Select(unit => UnitShape.Parent(unit)!.Value).Prepend(0));
        Assert.Equal(Enumerable.Range(0, UnitShape.Count), UnitShape.Subtree(0));
        Assert.Equal([1, 3, 4, 5, 6, 7, 8], UnitShape.Subtree(1));
        Assert.Equal([2, 9, 10, 11, 12, 13, 14], UnitShape.Subtree(2));
        Assert.Equal([14], UnitShape.Subtree(14));
        Assert.True(UnitShape.Covers(1, true, 5));
        Assert.False(UnitShape.Covers(1, false, 5));
        Assert.False(UnitShape.Covers(1, true, 9));
        Assert.True(UnitShape.Covers(9, false, 9));
        var order = UnitShape.CreationOrder;
        Assert.Equal(Enumerable.Range(0, UnitShape.Count), order.Order());
        Assert.All(order.Skip(1), unit => Assert.True(Array.IndexOf(order, UnitShape.Parent(unit)!.Value) < Array.IndexOf(order, unit)));
    }

    private static void AssertWellFormed(Tenant tenant, int index)
    {
        Assert.Equal(index, tenant.Index);
        Assert.Equal($"t{index}", tenant.OrganizationId);
        Assert.Equal($"t{index}_u14", tenant.UnitId(14));
        Assert.Equal(Tenant.RoleCount, tenant.Roles.Count);
        Assert.Equal(Tenant.UserCount, tenant.Users.Count);
        for (var r = 0; r < Tenant.RoleCount; r++)
        {
            var role = tenant.Roles[r];
            Assert.Equal(r, role.Index);
            Assert.Equal($"t{index}_r{r}", role.Id);
            Assert.NotEmpty(role.Permissions);
            Assert.Equal(role.Permissions.Distinct().Order(), role.Permissions);
            Assert.All(role.Permissions, p => Assert.InRange(p, 0, Tenant.PermissionCount - 1));
        }

        for (var k = 0; k < Tenant.UserCount; k++)
        {
            var user = tenant.Users[k];
            Assert.Equal(k, user.Index);
            Assert.Equal($"t{index}_usr{k}", user.Id);
            Assert.InRange(user.Bindings.Length, 1, 2);
            Assert.All(user.Bindings, binding => Assert.InRange(binding.Role, 0, Tenant.RoleCount - 1));
            Assert.All(
                Enumerable.Range(0, UnitShape.Count),
                unit => Assert.True(user.Bindings.Count(binding => UnitShape.Covers(binding.Unit, binding.Inherit, unit)) <= 1, $"{user.Id} has overlapping bindings at unit {unit}"));
        }
    }

    private static bool ReferenceAllowed(Tenant tenant, WorkloadCheck check) =>
        tenant.Users[check.User].Bindings.Any(binding =>
            tenant.Roles[binding.Role].Permissions.Contains(check.Permission)
            && (binding.Unit == check.Unit || (binding.Inherit && Ancestors(check.Unit).Contains(binding.Unit))));

    private static IEnumerable<int> Ancestors(int unit)
    {
        for (var parent = UnitShape.Parent(unit); parent is { } value; parent = UnitShape.Parent(value))
        {
            yield return value;
        }
    }

    private static List<string> ModelRows(Workload workload)
    {
        var rows = new List<string>();
        foreach (var tenant in workload.Tenants)
        {
            rows.AddRange(tenant.Roles.Select(role => $"role\t{tenant.Index}\t{role.Index}\t{string.Join(',', role.Permissions.Select(Tenant.PermissionId))}"));
            foreach (var user in tenant.Users)
            {
                rows.AddRange(user.Bindings.Select((binding, position) =>
                    $"binding\t{tenant.Index}\t{user.Index}\t{position}\t{binding.Role}\t{binding.Unit}\t{(binding.Inherit ? 1 : 0)}"));
            }
        }

        return rows;
    }

    private static string CheckRow(Workload workload, WorkloadCheck check)
    {
        var tenant = workload.Tenants[check.Tenant];
        return $"{check.Tenant}\t{tenant.Users[check.User].Id}\t{tenant.UnitId(check.Unit)}\t{Tenant.PermissionId(check.Permission)}\t{(check.Expected ? 1 : 0)}";
    }

    private static void AssertSameRows(List<string> expected, List<string> actual, string file)
    {
        var mismatch = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(row => expected[row] != actual[row], -1);
        Assert.True(mismatch < 0, mismatch < 0 ? "" : $"{file} row {mismatch}: expected '{expected[mismatch]}', generated '{actual[mismatch]}'");
        Assert.True(expected.Count == actual.Count, $"{file} has {expected.Count} rows, the generator produced {actual.Count}");
    }

    private static List<string> SharedRows(string file)
    {
        var path = Path.Combine(SharedBenchFolder(), file);
        Assert.True(File.Exists(path), $"{path} is missing: the workload tests need the shared/ folder cloned next to the repository");
        return [.. File.ReadLines(path).Where(line => line.Length > 0 && !line.StartsWith('#'))];
    }

    private static string SharedBenchFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
            {
                return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "bench"));
            }
        }

        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds Orleans.sln, so shared/bench cannot be found");
    }
}
