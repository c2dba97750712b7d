using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class UnitAssignmentsTests
{
    private static DateTimeOffset Now => DomainFixtures.Now;

    private static RoleTable Table(string? retiringRoleId = null)
    {
        var catalog = DomainFixtures.CatalogWithApplicationPermissions();
        catalog.CreateRole("reader", "Reader", ["documents.read"], Now);
        catalog.CreateRole("editor", "Editor", ["documents.read"], Now);
        if (retiringRoleId is not null)
        {
            catalog.BeginRetirement(retiringRoleId);
        }

        return catalog.Compile();
    }

    private static RoleTable ManyRoles(int count) =>
        new(1, [], Enumerable.Range(0, count).Select(i => new CompiledRole($"r{i:D3}", $"Role {i}", PermissionSet.Empty, Assignable: true)).ToArray());

    private static Dictionary<string, string[]> Copy(UnitAssignments assignments) =>
        assignments.RolesByUser.ToDictionary(entry => entry.Key, entry => entry.Value.ToArray(), StringComparer.Ordinal);

    [Fact, Trait("Rule", "ASG-1")]
    public void ASG1_plan_assign_answers_the_sorted_union_and_changes_nothing()
    {
        var assignments = new UnitAssignments();
        var table = Table();

        var planned = assignments.PlanAssign("ada", ["reader", AdminRoleMatrix.BillingAdmin, "editor", "reader"], table);

        Assert.Equal(["billing-admin", "editor", "reader"], planned);
        Assert.Equal(0, assignments.Count);
        Assert.Empty(assignments.RolesOf("ada"));

        assignments.Set("ada", planned);
        var more = assignments.PlanAssign("ada", [AdminRoleMatrix.TeamAdmin, "editor"], table);

        Assert.Equal(["billing-admin", "editor", "reader", "team-admin"], more);
        Assert.Equal(["billing-admin", "editor", "reader"], assignments.RolesOf("ada"));
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_assigning_roles_already_held_is_idempotent()
    {
        var assignments = new UnitAssignments();
        var table = Table();
        assignments.Set("ada", assignments.PlanAssign("ada", ["reader", "editor"], table));

        var again = assignments.PlanAssign("ada", ["editor"], table);
        var none = assignments.PlanAssign("ada", [], table);

        Assert.Equal(["editor", "reader"], again);
        Assert.Equal(["editor", "reader"], none);
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_an_unknown_role_is_refused_and_changes_nothing()
    {
        var assignments = new UnitAssignments();
        var table = Table();
        assignments.Set("ada", ["reader"]);
        var before = Copy(assignments);

        var error = Assert.Throws<DomainException>(() => assignments.PlanAssign("ada", ["editor", "no-such-role"], table));

        Assert.Equal(DomainError.NotFound, error.Error);
        Assert.Contains("no-such-role", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Copy(assignments));
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_a_role_being_deleted_cannot_be_assigned()
    {
        var assignments = new UnitAssignments();
        var table = Table(retiringRoleId: "editor");

        var error = Assert.Throws<DomainException>(() => assignments.PlanAssign("ada", ["reader", "editor"], table));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(0, assignments.Count);
        Assert.Equal(["reader"], assignments.PlanAssign("ada", ["reader"], table));
    }

    [Fact, Trait("Rule", "ASG-1")]
    public void ASG1_a_user_holds_at_most_the_maximum_number_of_roles_in_one_unit()
    {
        var assignments = new UnitAssignments();
        var table = ManyRoles(UnitAssignments.MaxRolesPerUser + 1);
        var all = table.Roles.Select(role => role.Id).ToArray();

        var atLimit = assignments.PlanAssign("ada", all[..UnitAssignments.MaxRolesPerUser], table);
        var tooMany = Assert.Throws<DomainException>(() => assignments.PlanAssign("ada", all, table));
        assignments.Set("ada", atLimit);
        var oneMore = Assert.Throws<DomainException>(() => assignments.PlanAssign("ada", [all[^1]], table));

        Assert.Equal(UnitAssignments.MaxRolesPerUser, atLimit.Length);
        Assert.Equal(DomainError.FailedPrecondition, tooMany.Error);
        Assert.Equal(DomainError.FailedPrecondition, oneMore.Error);
        Assert.Equal(atLimit, assignments.RolesOf("ada"));
        Assert.Equal(atLimit, assignments.PlanAssign("ada", [all[0]], table));
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_plan_remove_answers_the_remaining_roles_and_changes_nothing()
    {
        var assignments = new UnitAssignments();
        assignments.Set("ada", ["billing-admin", "editor", "reader"]);

        var remaining = assignments.PlanRemove("ada", ["editor"]);
        var none = assignments.PlanRemove("ada", ["reader", "billing-admin", "editor"]);

        Assert.Equal(["billing-admin", "reader"], remaining);
        Assert.Empty(none);
        Assert.Equal(["billing-admin", "editor", "reader"], assignments.RolesOf("ada"));
        Assert.Equal(1, assignments.Count);
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_removing_a_role_not_held_is_refused_and_changes_nothing()
    {
        var assignments = new UnitAssignments();
        assignments.Set("ada", ["editor", "reader"]);
        var before = Copy(assignments);

        var notHeld = Assert.Throws<DomainException>(() => assignments.PlanRemove("ada", ["reader", "billing-admin"]));
        var noRoles = Assert.Throws<DomainException>(() => assignments.PlanRemove("bob", ["reader"]));

        Assert.Equal(DomainError.NotFound, notHeld.Error);
        Assert.Contains("billing-admin", notHeld.Message, StringComparison.Ordinal);
        Assert.Equal(DomainError.NotFound, noRoles.Error);
        Assert.Equal(before, Copy(assignments));
    }

    [Fact, Trait("Rule", "ASG-2")]
    public void ASG2_setting_no_roles_removes_the_user_from_the_unit()
    {
        var assignments = new UnitAssignments();
        assignments.Set("ada", ["reader"]);
        assignments.Set("bob", ["editor"]);

        assignments.Set("ada", assignments.PlanRemove("ada", ["reader"]));

        Assert.Equal(1, assignments.Count);
        Assert.False(assignments.RolesByUser.ContainsKey("ada"));
        Assert.Empty(assignments.RolesOf("ada"));
        Assert.Equal(["editor"], assignments.RolesOf("bob"));

        assignments.Set("nobody", []);
        Assert.Equal(1, assignments.Count);
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_count_holders_counts_the_users_holding_a_role()
    {
        var assignments = new UnitAssignments();
        var table = Table();
        assignments.Set("ada", assignments.PlanAssign("ada", ["reader", "editor"], table));
        assignments.Set("bob", assignments.PlanAssign("bob", ["reader"], table));
        assignments.Set("cy", assignments.PlanAssign("cy", [AdminRoleMatrix.TeamAdmin], table));

        Assert.Equal(2, assignments.CountHolders("reader"));
        Assert.Equal(1, assignments.CountHolders("editor"));
        Assert.Equal(1, assignments.CountHolders(AdminRoleMatrix.TeamAdmin));
        Assert.Equal(0, assignments.CountHolders(AdminRoleMatrix.BillingAdmin));

        assignments.Set("ada", assignments.PlanRemove("ada", ["reader"]));
        Assert.Equal(1, assignments.CountHolders("reader"));
    }

    [Fact, Trait("Rule", "ASG-1")]
    public void ASG1_the_same_user_holds_roles_in_several_units_independently()
    {
        var table = Table();
        var unitA = new UnitAssignments();
        var unitB = new UnitAssignments();
        unitA.Set("ada", unitA.PlanAssign("ada", ["reader"], table));
        unitB.Set("ada", unitB.PlanAssign("ada", ["reader", "editor"], table));

        unitB.Set("ada", unitB.PlanRemove("ada", ["reader"]));

        Assert.Equal(["reader"], unitA.RolesOf("ada"));
        Assert.Equal(["editor"], unitB.RolesOf("ada"));
    }
}
