using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class UnitAssignmentsTests
{
    private const string Unit = "unit-a";
    private const string Root = "root";
    private const string Other = "other-origin";

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

    private static HeldRole[] Open(params string[] roleIds) => roleIds.Select(roleId => new HeldRole(roleId)).ToArray();

    private static string[] RoleIds(RoleHolding? holding) => holding?.Roles.Select(role => role.RoleId).ToArray() ?? [];

    private static RoleHolding Direct(params string[] roleIds) => new(Open(roleIds));

    private static RoleHolding Origin(InheritanceMode mode, params string[] roleIds) => new(Open(roleIds), null, mode);

    private static RoleHolding InheritedFrom(string originUnitId, params string[] roleIds) => new(Open(roleIds), originUnitId);

    private static UnitAssignments With(params (string UserId, RoleHolding Holding)[] holdings)
    {
        var assignments = new UnitAssignments();
        foreach (var (userId, holding) in holdings)
        {
            assignments.Commit(new Mutation(userId, null, holding, null));
        }

        return assignments;
    }

    private static void Assign(UnitAssignments assignments, string userId, RoleTable table, params string[] roleIds) =>
        assignments.Commit(assignments.PlanAssign(Unit, userId, roleIds, null, null, table));

    private static Dictionary<string, RoleHolding> Copy(UnitAssignments assignments) => new(assignments.Holdings, StringComparer.Ordinal);

    private static void AssertChange(InheritanceChange? change, string userId, string originUnitId, InheritanceChangeKind kind, params HeldRole[] roles)
    {
        Assert.NotNull(change);
        Assert.Equal(userId, change.UserId);
        Assert.Equal(originUnitId, change.OriginUnitId);
        Assert.Equal(kind, change.Kind);
        Assert.Equal(roles, change.Roles);
    }

    // ---- Assign / remove (ASG-1..3) ----

    [Fact, Trait("Rule", "ASG-1")]
    public void ASG1_plan_assign_answers_the_sorted_union_and_changes_nothing()
    {
        var assignments = new UnitAssignments();
        var table = Table();

        var planned = assignments.PlanAssign(Unit, "ada", ["reader", AdminRoleMatrix.BillingAdmin, "editor", "reader"], null, null, table);

        Assert.Equal("ada", planned.UserId);
        Assert.Null(planned.Before);
        Assert.Equal(Direct("billing-admin", "editor", "reader"), planned.After);
        Assert.Null(planned.Downstream);
        Assert.Equal(0, assignments.Count);
        Assert.Null(assignments.Find("ada"));
        Assert.Empty(assignments.RoleIdsOf("ada"));

        assignments.Commit(planned);
        var more = assignments.PlanAssign(Unit, "ada", [AdminRoleMatrix.TeamAdmin, "editor"], null, null, table);

        Assert.Equal(Direct("billing-admin", "editor", "reader"), more.Before);
        Assert.Equal(["billing-admin", "editor", "reader", "team-admin"], RoleIds(more.After));
        Assert.Equal(["billing-admin", "editor", "reader"], assignments.RoleIdsOf("ada"));
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_assigning_roles_already_held_is_idempotent()
    {
        var assignments = new UnitAssignments();
        var table = Table();
        Assign(assignments, "ada", table, "reader", "editor");

        var again = assignments.PlanAssign(Unit, "ada", ["editor"], null, null, table);
        var none = assignments.PlanAssign(Unit, "ada", [], null, null, table);

        Assert.Equal(Direct("editor", "reader"), again.After);
        Assert.Equal(again.Before, again.After);
        Assert.Null(again.Downstream);
        Assert.Equal(Direct("editor", "reader"), none.After);
        Assert.Null(none.Downstream);
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_an_unknown_role_is_refused_and_changes_nothing()
    {
        var assignments = With(("ada", Direct("reader")));
        var table = Table();
        var before = Copy(assignments);

        var error = Assert.Throws<DomainException>(() => assignments.PlanAssign(Unit, "ada", ["editor", "no-such-role"], null, null, table));

        Assert.Equal(DomainError.NotFound, error.Error);
        Assert.Contains("no-such-role", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Copy(assignments));
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_a_role_being_deleted_cannot_be_assigned()
    {
        var assignments = new UnitAssignments();
        var table = Table(retiringRoleId: "editor");

        var error = Assert.Throws<DomainException>(() => assignments.PlanAssign(Unit, "ada", ["reader", "editor"], null, null, table));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(0, assignments.Count);
        Assert.Equal(["reader"], RoleIds(assignments.PlanAssign(Unit, "ada", ["reader"], null, null, table).After));
    }

    [Fact, Trait("Rule", "ASG-1")]
    public void ASG1_a_user_holds_at_most_the_maximum_number_of_roles_in_one_unit()
    {
        var assignments = new UnitAssignments();
        var table = ManyRoles(UnitAssignments.MaxRolesPerUser + 1);
        var all = table.Roles.Select(role => role.Id).ToArray();

        var atLimit = assignments.PlanAssign(Unit, "ada", all[..UnitAssignments.MaxRolesPerUser], null, null, table);
        var tooMany = Assert.Throws<DomainException>(() => assignments.PlanAssign(Unit, "ada", all, null, null, table));
        assignments.Commit(atLimit);
        var oneMore = Assert.Throws<DomainException>(() => assignments.PlanAssign(Unit, "ada", [all[^1]], null, null, table));

        Assert.NotNull(atLimit.After);
        Assert.Equal(UnitAssignments.MaxRolesPerUser, atLimit.After.Roles.Length);
        Assert.Equal(DomainError.FailedPrecondition, tooMany.Error);
        Assert.Equal(DomainError.FailedPrecondition, oneMore.Error);
        Assert.Equal(atLimit.After, assignments.Find("ada"));
        Assert.Equal(atLimit.After, assignments.PlanAssign(Unit, "ada", [all[0]], null, null, table).After);
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_plan_remove_answers_the_remaining_roles_and_changes_nothing()
    {
        var assignments = With(("ada", Direct("billing-admin", "editor", "reader")));

        var remaining = assignments.PlanRemove(Unit, "ada", ["editor"]);
        var none = assignments.PlanRemove(Unit, "ada", ["reader", "billing-admin", "editor"]);

        Assert.Equal(Direct("billing-admin", "reader"), remaining.After);
        Assert.Null(remaining.Downstream);
        Assert.Null(none.After);
        Assert.Null(none.Downstream);
        Assert.Equal(["billing-admin", "editor", "reader"], assignments.RoleIdsOf("ada"));
        Assert.Equal(1, assignments.Count);
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_removing_a_role_not_held_is_refused_and_changes_nothing()
    {
        var assignments = With(("ada", Direct("editor", "reader")));
        var before = Copy(assignments);

        var notHeld = Assert.Throws<DomainException>(() => assignments.PlanRemove(Unit, "ada", ["reader", "billing-admin"]));
        var noRoles = Assert.Throws<DomainException>(() => assignments.PlanRemove(Unit, "bob", ["reader"]));

        Assert.Equal(DomainError.NotFound, notHeld.Error);
        Assert.Contains("billing-admin", notHeld.Message, StringComparison.Ordinal);
        Assert.Equal(DomainError.NotFound, noRoles.Error);
        Assert.Equal(before, Copy(assignments));
    }

    [Fact, Trait("Rule", "ASG-2")]
    public void ASG2_removing_the_last_role_removes_the_user_from_the_unit()
    {
        var assignments = With(("ada", Direct("reader")), ("bob", Direct("editor")));

        assignments.Commit(assignments.PlanRemove(Unit, "ada", ["reader"]));

        Assert.Equal(1, assignments.Count);
        Assert.False(assignments.Holdings.ContainsKey("ada"));
        Assert.Null(assignments.Find("ada"));
        Assert.Empty(assignments.RoleIdsOf("ada"));
        Assert.Equal(["editor"], assignments.RoleIdsOf("bob"));

        assignments.Commit(new Mutation("nobody", null, null, null));
        Assert.Equal(1, assignments.Count);
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_count_holders_counts_the_users_holding_a_role()
    {
        var assignments = new UnitAssignments();
        var table = Table();
        Assign(assignments, "ada", table, "reader", "editor");
        Assign(assignments, "bob", table, "reader");
        Assign(assignments, "cy", table, AdminRoleMatrix.TeamAdmin);
        assignments.Commit(new Mutation("dan", null, InheritedFrom(Root, "reader"), null));

        Assert.Equal(3, assignments.CountHolders("reader"));
        Assert.Equal(1, assignments.CountHolders("editor"));
        Assert.Equal(1, assignments.CountHolders(AdminRoleMatrix.TeamAdmin));
        Assert.Equal(0, assignments.CountHolders(AdminRoleMatrix.BillingAdmin));

        assignments.Commit(assignments.PlanRemove(Unit, "ada", ["reader"]));
        Assert.Equal(2, assignments.CountHolders("reader"));
    }

    [Fact, Trait("Rule", "ASG-1")]
    public void ASG1_the_same_user_holds_roles_in_several_units_independently()
    {
        var table = Table();
        var unitA = new UnitAssignments();
        var unitB = new UnitAssignments();
        unitA.Commit(unitA.PlanAssign("unit-a", "ada", ["reader"], null, null, table));
        unitB.Commit(unitB.PlanAssign("unit-b", "ada", ["reader", "editor"], null, null, table));

        unitB.Commit(unitB.PlanRemove("unit-b", "ada", ["reader"]));

        Assert.Equal(["reader"], unitA.RoleIdsOf("ada"));
        Assert.Equal(["editor"], unitB.RoleIdsOf("ada"));
    }

    // ---- Time-bound roles ----

    [Fact, Trait("Rule", "TIME")]
    public void TIME_plan_assign_with_a_window_holds_the_roles_for_that_window()
    {
        var assignments = new UnitAssignments();
        var until = Now.AddDays(1);

        var planned = assignments.PlanAssign(Unit, "ada", ["reader", "editor"], Now, until, Table());

        Assert.NotNull(planned.After);
        Assert.Equal([new HeldRole("editor", Now, until), new HeldRole("reader", Now, until)], planned.After.Roles);
        Assert.All(planned.After.Roles, role => Assert.True(role.IsTimeBound));
        Assert.True(new HeldRole("reader", null, until).IsTimeBound);
        Assert.True(new HeldRole("reader", Now, null).IsTimeBound);
        Assert.False(new HeldRole("reader").IsTimeBound);
        Assert.Equal(0, assignments.Count);
    }

    [Fact, Trait("Rule", "TIME")]
    public void TIME_a_role_already_held_takes_the_new_window_and_other_roles_keep_theirs()
    {
        var assignments = new UnitAssignments();
        var table = Table();
        var firstUntil = Now.AddDays(1);
        var secondFrom = Now.AddDays(2);
        var secondUntil = Now.AddDays(3);
        Assign(assignments, "ada", table, "editor");
        assignments.Commit(assignments.PlanAssign(Unit, "ada", ["reader"], null, firstUntil, table));

        var rewindowed = assignments.PlanAssign(Unit, "ada", ["reader"], secondFrom, secondUntil, table);
        var opened = assignments.PlanAssign(Unit, "ada", ["reader"], null, null, table);
        var editorWindowed = assignments.PlanAssign(Unit, "ada", ["editor"], Now, firstUntil, table);

        Assert.Equal(new RoleHolding([new HeldRole("editor"), new HeldRole("reader", null, firstUntil)]), assignments.Find("ada"));
        Assert.Equal(new RoleHolding([new HeldRole("editor"), new HeldRole("reader", secondFrom, secondUntil)]), rewindowed.After);
        Assert.Equal(Direct("editor", "reader"), opened.After);
        Assert.Equal(new RoleHolding([new HeldRole("editor", Now, firstUntil), new HeldRole("reader", null, firstUntil)]), editorWindowed.After);
        Assert.NotEqual(rewindowed.Before, rewindowed.After);
    }

    [Fact, Trait("Rule", "TIME")]
    public void TIME_a_role_is_active_from_valid_from_up_to_but_not_at_valid_until()
    {
        var role = new HeldRole("reader", Now, Now.AddHours(1));

        Assert.False(role.IsActiveAt(Now.AddTicks(-1)));
        Assert.True(role.IsActiveAt(Now));
        Assert.True(role.IsActiveAt(Now.AddHours(1).AddTicks(-1)));
        Assert.False(role.IsActiveAt(Now.AddHours(1)));
        Assert.True(new HeldRole("reader").IsActiveAt(DateTimeOffset.MinValue));
        Assert.True(new HeldRole("reader", null, Now).IsActiveAt(DateTimeOffset.MinValue));
        Assert.True(new HeldRole("reader", Now).IsActiveAt(DateTimeOffset.MaxValue));
    }

    [Fact, Trait("Rule", "TIME")]
    public void TIME_plan_expiry_removes_closed_windows_of_direct_roles_only()
    {
        var assignments = With(
            ("ada", new RoleHolding([new HeldRole("editor"), new HeldRole("reader", null, Now)])),
            ("bob", new RoleHolding([new HeldRole("reader", null, Now.AddHours(1))])),
            ("cy", new RoleHolding([new HeldRole("reader", null, Now.AddHours(-1))], Root)),
            ("dan", new RoleHolding([new HeldRole("reader", Now.AddHours(-2), Now.AddHours(-1))], null, InheritanceMode.Replace)),
            ("eve", new RoleHolding([new HeldRole("editor"), new HeldRole("reader", null, Now.AddSeconds(-1))], null, InheritanceMode.Keep)),
            ("fay", new RoleHolding([new HeldRole("reader", Now.AddHours(1))])),
            ("gus", Direct("reader")));
        var before = Copy(assignments);

        var expired = assignments.PlanExpiry(Unit, Now).OrderBy(mutation => mutation.UserId, StringComparer.Ordinal).ToArray();

        Assert.Equal(["ada", "dan", "eve"], expired.Select(mutation => mutation.UserId));
        Assert.Equal(Direct("editor"), expired[0].After);
        Assert.Null(expired[0].Downstream);
        Assert.Null(expired[1].After);
        AssertChange(expired[1].Downstream, "dan", Unit, InheritanceChangeKind.Unlink);
        Assert.Equal(Origin(InheritanceMode.Keep, "editor"), expired[2].After);
        AssertChange(expired[2].Downstream, "eve", Unit, InheritanceChangeKind.Update, new HeldRole("editor"));
        Assert.Equal(before, Copy(assignments));
        Assert.Empty(assignments.PlanExpiry(Unit, Now.AddHours(-3)));
    }

    [Fact, Trait("Rule", "TIME")]
    public void TIME_next_expiry_is_the_earliest_end_of_a_direct_roles_window()
    {
        var assignments = With(
            ("ada", new RoleHolding([new HeldRole("editor"), new HeldRole("reader", null, Now.AddHours(3))])),
            ("bob", new RoleHolding([new HeldRole("reader", Now, Now.AddHours(2))], null, InheritanceMode.Replace)),
            ("cy", new RoleHolding([new HeldRole("reader", null, Now.AddHours(1))], Root)),
            ("dan", new RoleHolding([new HeldRole("reader", Now.AddHours(-5))])));

        Assert.Equal(Now.AddHours(2), assignments.NextExpiry());
        Assert.Null(new UnitAssignments().NextExpiry());
        Assert.Null(With(("ada", Direct("reader")), ("cy", new RoleHolding([new HeldRole("reader", null, Now)], Root))).NextExpiry());
    }

    // ---- Inheritance at the unit where it is set (INH-2..7, INH-9) ----

    [Fact, Trait("Rule", "INH-4")]
    public void INH4_assigning_to_an_inherited_holding_is_refused_and_changes_nothing()
    {
        var assignments = With(("ada", InheritedFrom(Root, "reader")));
        var before = Copy(assignments);

        var error = Assert.Throws<DomainException>(() => assignments.PlanAssign(Unit, "ada", ["editor"], null, null, Table()));
        var again = Assert.Throws<DomainException>(() => assignments.PlanAssign(Unit, "ada", ["reader"], null, null, Table()));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Contains(Root, error.Message, StringComparison.Ordinal);
        Assert.Equal(DomainError.FailedPrecondition, again.Error);
        Assert.Equal(before, Copy(assignments));
    }

    [Fact, Trait("Rule", "INH-6")]
    public void INH6_removing_from_an_inherited_holding_is_refused_and_changes_nothing()
    {
        var assignments = With(("ada", InheritedFrom(Root, "editor", "reader")));
        var before = Copy(assignments);

        var error = Assert.Throws<DomainException>(() => assignments.PlanRemove(Unit, "ada", ["reader"]));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(before, Copy(assignments));
    }

    [Fact, Trait("Rule", "INH-9")]
    public void INH9_assigning_at_an_origin_sends_the_new_roles_downstream()
    {
        var assignments = With(("ada", Origin(InheritanceMode.Replace, "reader")));
        var until = Now.AddDays(1);

        var assigned = assignments.PlanAssign(Unit, "ada", ["editor"], null, until, Table());
        var unchanged = assignments.PlanAssign(Unit, "ada", ["reader"], null, null, Table());

        var expected = new HeldRole[] { new("editor", null, until), new("reader") };
        Assert.Equal(new RoleHolding(expected, null, InheritanceMode.Replace), assigned.After);
        AssertChange(assigned.Downstream, "ada", Unit, InheritanceChangeKind.Update, expected);
        Assert.Equal(unchanged.Before, unchanged.After);
        Assert.Null(unchanged.Downstream);
    }

    [Fact, Trait("Rule", "INH-5")]
    public void INH5_removing_at_an_origin_sends_the_remaining_roles_downstream()
    {
        var assignments = With(("ada", Origin(InheritanceMode.Keep, "editor", "reader")));

        var removed = assignments.PlanRemove(Unit, "ada", ["editor"]);

        Assert.Equal(Origin(InheritanceMode.Keep, "reader"), removed.After);
        AssertChange(removed.Downstream, "ada", Unit, InheritanceChangeKind.Update, new HeldRole("reader"));
        Assert.Equal(Origin(InheritanceMode.Keep, "editor", "reader"), assignments.Find("ada"));
    }

    [Fact, Trait("Rule", "INH-7")]
    public void INH7_removing_the_last_role_at_an_origin_unlinks_downstream()
    {
        var assignments = With(("ada", Origin(InheritanceMode.Replace, "editor", "reader")));

        var removed = assignments.PlanRemove(Unit, "ada", ["reader", "editor"]);

        Assert.Null(removed.After);
        AssertChange(removed.Downstream, "ada", Unit, InheritanceChangeKind.Unlink);
        assignments.Commit(removed);
        Assert.Null(assignments.Find("ada"));
    }

    [Fact, Trait("Rule", "INH-2")]
    public void INH2_switching_inheritance_on_without_a_holding_is_refused()
    {
        var assignments = With(("bob", Direct("reader")));

        var error = Assert.Throws<DomainException>(() => assignments.PlanSetInheritance(Unit, "ada", InheritanceMode.Replace));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(1, assignments.Count);
    }

    [Fact, Trait("Rule", "INH-4")]
    public void INH4_switching_inheritance_on_for_an_inherited_holding_is_refused()
    {
        var assignments = With(("ada", InheritedFrom(Root, "reader")));
        var before = Copy(assignments);

        var error = Assert.Throws<DomainException>(() => assignments.PlanSetInheritance(Unit, "ada", InheritanceMode.Keep));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(before, Copy(assignments));
    }

    [Theory, Trait("Rule", "INH-3")]
    [InlineData(InheritanceMode.Replace, InheritanceChangeKind.Replace)]
    [InlineData(InheritanceMode.Keep, InheritanceChangeKind.Keep)]
    public void INH3_switching_inheritance_on_sends_the_roles_with_their_windows_in_that_mode(InheritanceMode mode, InheritanceChangeKind kind)
    {
        var roles = new HeldRole[] { new("editor", null, Now.AddDays(1)), new("reader") };
        var assignments = With(("ada", new RoleHolding(roles)));

        var set = assignments.PlanSetInheritance(Unit, "ada", mode);

        Assert.Equal(new RoleHolding(roles), set.Before);
        Assert.Equal(new RoleHolding(roles, null, mode), set.After);
        AssertChange(set.Downstream, "ada", Unit, kind, roles);
        Assert.Null(assignments.Find("ada")?.Inheritance);

        assignments.Commit(set);
        Assert.Equal(mode, assignments.Find("ada")?.Inheritance);
    }

    [Fact, Trait("Rule", "INH-3")]
    public void INH3_switching_inheritance_on_again_applies_it_again()
    {
        var assignments = With(("ada", Origin(InheritanceMode.Keep, "reader")));

        var same = assignments.PlanSetInheritance(Unit, "ada", InheritanceMode.Keep);
        var other = assignments.PlanSetInheritance(Unit, "ada", InheritanceMode.Replace);

        Assert.Equal(same.Before, same.After);
        AssertChange(same.Downstream, "ada", Unit, InheritanceChangeKind.Keep, new HeldRole("reader"));
        Assert.Equal(Origin(InheritanceMode.Replace, "reader"), other.After);
        AssertChange(other.Downstream, "ada", Unit, InheritanceChangeKind.Replace, new HeldRole("reader"));
    }

    [Fact, Trait("Rule", "INH-7")]
    public void INH7_switching_inheritance_off_unlinks_downstream_and_keeps_the_roles()
    {
        var assignments = With(("ada", Origin(InheritanceMode.Replace, "editor", "reader")));

        var cleared = assignments.PlanClearInheritance(Unit, "ada");

        Assert.Equal(Direct("editor", "reader"), cleared.After);
        AssertChange(cleared.Downstream, "ada", Unit, InheritanceChangeKind.Unlink);
        Assert.Equal(InheritanceMode.Replace, assignments.Find("ada")?.Inheritance);
    }

    [Fact, Trait("Rule", "INH-7")]
    public void INH7_switching_inheritance_off_when_it_is_off_is_a_no_op()
    {
        var assignments = With(("bob", Direct("reader")), ("cy", InheritedFrom(Root, "reader")));

        foreach (var userId in new[] { "ada", "bob", "cy" })
        {
            var cleared = assignments.PlanClearInheritance(Unit, userId);

            Assert.Equal(userId, cleared.UserId);
            Assert.Equal(assignments.Find(userId), cleared.Before);
            Assert.Equal(cleared.Before, cleared.After);
            Assert.Null(cleared.Downstream);
        }
    }

    [Fact, Trait("Rule", "INH-6")]
    public void INH6_breaking_inheritance_makes_the_roles_direct_and_unlinks_the_old_origin_below()
    {
        var roles = new HeldRole[] { new("editor", Now, Now.AddDays(1)), new("reader") };
        var assignments = With(("ada", new RoleHolding(roles, Root)));

        var broken = assignments.PlanBreakInheritance(Unit, "ada");

        Assert.Equal(new RoleHolding(roles, Root), broken.Before);
        Assert.Equal(new RoleHolding(roles), broken.After);
        Assert.NotNull(broken.After);
        Assert.False(broken.After.IsInherited);
        Assert.Null(broken.After.Inheritance);
        AssertChange(broken.Downstream, "ada", Root, InheritanceChangeKind.Unlink);

        Assert.Equal(new RoleHolding(roles, Root), assignments.Find("ada"));

        assignments.Commit(broken);
        Assert.Equal(Direct("editor", "reader"), assignments.PlanAssign(Unit, "ada", ["editor"], null, null, Table()).After);
        Assert.Equal(new RoleHolding(roles, null, InheritanceMode.Keep), assignments.PlanSetInheritance(Unit, "ada", InheritanceMode.Keep).After);
    }

    [Fact, Trait("Rule", "INH-6")]
    public void INH6_breaking_inheritance_of_direct_roles_is_a_no_op()
    {
        var assignments = With(("ada", Direct("reader")), ("bob", Origin(InheritanceMode.Replace, "reader")));

        var plain = assignments.PlanBreakInheritance(Unit, "ada");
        var origin = assignments.PlanBreakInheritance(Unit, "bob");

        Assert.Equal(Direct("reader"), plain.After);
        Assert.Equal(plain.Before, plain.After);
        Assert.Null(plain.Downstream);
        Assert.Equal(Origin(InheritanceMode.Replace, "reader"), origin.After);
        Assert.Null(origin.Downstream);
    }

    [Fact, Trait("Rule", "INH-6")]
    public void INH6_breaking_inheritance_without_a_holding_is_not_found()
    {
        var assignments = With(("bob", Direct("reader")));

        var error = Assert.Throws<DomainException>(() => assignments.PlanBreakInheritance(Unit, "ada"));

        Assert.Equal(DomainError.NotFound, error.Error);
    }

    // ---- Changes sent down by an ancestor (INH-3, INH-6, INH-7, INH-9) ----

    [Fact, Trait("Rule", "INH-3")]
    public void INH3_inherit_replace_overwrites_any_holding_and_drops_its_own_inheritance()
    {
        var roles = new HeldRole[] { new("editor", null, Now.AddDays(1)), new("reader") };
        var change = new InheritanceChange("ada", Root, InheritanceChangeKind.Replace, roles);
        RoleHolding?[] befores =
        [
            null,
            Direct("billing-admin"),
            Origin(InheritanceMode.Keep, "billing-admin"),
            Origin(InheritanceMode.Replace, "billing-admin"),
            InheritedFrom(Root, "billing-admin"),
            InheritedFrom(Other, "billing-admin"),
        ];

        Assert.All(befores, before => Assert.Equal(new RoleHolding(roles, Root), UnitAssignments.Inherit(before, change)));
        Assert.All(befores, before => Assert.Null(UnitAssignments.Inherit(before, change with { Roles = [] })));
    }

    [Fact, Trait("Rule", "INH-3")]
    public void INH3_inherit_keep_fills_units_without_roles_or_linked_to_the_origin_and_leaves_units_with_their_own_roles()
    {
        var change = new InheritanceChange("ada", Root, InheritanceChangeKind.Keep, Open("reader"));
        var direct = Direct("billing-admin");
        var origin = Origin(InheritanceMode.Replace, "billing-admin");
        var other = InheritedFrom(Other, "billing-admin");

        Assert.Equal(InheritedFrom(Root, "reader"), UnitAssignments.Inherit(null, change));
        Assert.Equal(InheritedFrom(Root, "reader"), UnitAssignments.Inherit(InheritedFrom(Root, "editor"), change));
        Assert.Same(direct, UnitAssignments.Inherit(direct, change));
        Assert.Same(origin, UnitAssignments.Inherit(origin, change));
        Assert.Same(other, UnitAssignments.Inherit(other, change));
    }

    [Fact, Trait("Rule", "INH-9")]
    public void INH9_inherit_update_only_touches_holdings_linked_to_the_origin()
    {
        var roles = new HeldRole[] { new("editor"), new("reader", Now) };
        var change = new InheritanceChange("ada", Root, InheritanceChangeKind.Update, roles);
        var direct = Direct("billing-admin");
        var origin = Origin(InheritanceMode.Keep, "billing-admin");
        var other = InheritedFrom(Other, "billing-admin");

        Assert.Equal(new RoleHolding(roles, Root), UnitAssignments.Inherit(InheritedFrom(Root, "editor"), change));
        Assert.Null(UnitAssignments.Inherit(null, change));
        Assert.Same(direct, UnitAssignments.Inherit(direct, change));
        Assert.Same(origin, UnitAssignments.Inherit(origin, change));
        Assert.Same(other, UnitAssignments.Inherit(other, change));
    }

    [Fact, Trait("Rule", "INH-7")]
    public void INH7_inherit_unlink_only_removes_holdings_linked_to_the_origin()
    {
        var change = new InheritanceChange("ada", Root, InheritanceChangeKind.Unlink, []);
        var direct = Direct("billing-admin");
        var origin = Origin(InheritanceMode.Replace, "billing-admin");
        var other = InheritedFrom(Other, "billing-admin");

        Assert.Null(UnitAssignments.Inherit(InheritedFrom(Root, "editor", "reader"), change));
        Assert.Null(UnitAssignments.Inherit(null, change));
        Assert.Same(direct, UnitAssignments.Inherit(direct, change));
        Assert.Same(origin, UnitAssignments.Inherit(origin, change));
        Assert.Same(other, UnitAssignments.Inherit(other, change));
    }

    [Fact, Trait("Rule", "INH-9")]
    public void INH9_plan_inherited_applies_the_change_to_this_units_holding_and_sends_nothing_further()
    {
        var assignments = With(("ada", InheritedFrom(Root, "reader")), ("bob", Direct("reader")));
        var update = new InheritanceChange("ada", Root, InheritanceChangeKind.Update, Open("editor"));

        var planned = assignments.PlanInherited(update);
        var untouched = assignments.PlanInherited(update with { UserId = "bob" });

        Assert.Equal(InheritedFrom(Root, "reader"), planned.Before);
        Assert.Equal(InheritedFrom(Root, "editor"), planned.After);
        Assert.Null(planned.Downstream);
        Assert.Equal(untouched.Before, untouched.After);
        Assert.Equal(["reader"], assignments.RoleIdsOf("ada"));

        assignments.Commit(planned);
        assignments.Commit(assignments.PlanInherited(new InheritanceChange("ada", Root, InheritanceChangeKind.Unlink, [])));
        Assert.Null(assignments.Find("ada"));
        Assert.Equal(Direct("reader"), assignments.Find("bob"));
    }

    [Fact, Trait("Rule", "INH-8")]
    public void INH8_a_new_child_gets_the_origin_holdings_and_the_inherited_ones_but_no_plain_direct_ones()
    {
        var windowed = new HeldRole[] { new("reader", null, Now.AddDays(1)) };
        var assignments = With(
            ("ada", Origin(InheritanceMode.Replace, "editor", "reader")),
            ("bob", new RoleHolding(windowed, Root)),
            ("cy", Direct("reader")),
            ("dan", Origin(InheritanceMode.Keep, "billing-admin")));

        var changes = assignments.InheritanceFor(Unit).OrderBy(change => change.UserId, StringComparer.Ordinal).ToArray();

        Assert.Equal(["ada", "bob", "dan"], changes.Select(change => change.UserId));
        AssertChange(changes[0], "ada", Unit, InheritanceChangeKind.Replace, Open("editor", "reader"));
        AssertChange(changes[1], "bob", Root, InheritanceChangeKind.Replace, windowed);
        AssertChange(changes[2], "dan", Unit, InheritanceChangeKind.Replace, Open("billing-admin"));
        Assert.Equal(InheritedFrom(Unit, "editor", "reader"), UnitAssignments.Inherit(null, changes[0]));
        Assert.Equal(new RoleHolding(windowed, Root), UnitAssignments.Inherit(null, changes[1]));
        Assert.Empty(new UnitAssignments().InheritanceFor(Unit));
    }

    [Fact, Trait("Rule", "USR-7")]
    public void USR7_removing_a_user_drops_their_holding_and_unlinks_below_an_origin_only()
    {
        var assignments = With(("ada", Origin(InheritanceMode.Keep, "reader")), ("bob", InheritedFrom(Root, "reader")), ("cy", Direct("reader")));

        var origin = assignments.PlanRemoveUser(Unit, "ada");
        var inherited = assignments.PlanRemoveUser(Unit, "bob");
        var direct = assignments.PlanRemoveUser(Unit, "cy");
        var none = assignments.PlanRemoveUser(Unit, "dan");

        Assert.Null(origin.After);
        AssertChange(origin.Downstream, "ada", Unit, InheritanceChangeKind.Unlink);
        Assert.Null(inherited.After);
        Assert.Null(inherited.Downstream);
        Assert.Null(direct.After);
        Assert.Null(direct.Downstream);
        Assert.Null(none.Before);
        Assert.Null(none.After);
        Assert.Equal(3, assignments.Count);
    }

    // ---- Bulk edits and restoring (ASG-4) ----

    private static BulkEdit Bulk(string[] userIds, string[] add, string[] remove, DateTimeOffset? validFrom = null, DateTimeOffset? validUntil = null) =>
        new(userIds, [Unit], add, remove, validFrom, validUntil);

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_plan_bulk_answers_one_mutation_per_user_whose_roles_change_and_changes_nothing()
    {
        var assignments = With(
            ("ada", Direct("editor", "reader")),
            ("bob", Direct("reader")),
            ("cy", Origin(InheritanceMode.Replace, "reader")));
        var before = Copy(assignments);

        var mutations = assignments.PlanBulk(Unit, Bulk(["ada", "bob", "cy", "dan"], ["reader"], ["editor"]), Table());

        Assert.Equal(["ada", "dan"], mutations.Select(mutation => mutation.UserId));
        Assert.Equal(Direct("editor", "reader"), mutations[0].Before);
        Assert.Equal(Direct("reader"), mutations[0].After);
        Assert.Null(mutations[0].Downstream);
        Assert.Null(mutations[1].Before);
        Assert.Equal(Direct("reader"), mutations[1].After);
        Assert.Equal(before, Copy(assignments));
    }

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_plan_bulk_skips_removing_roles_a_user_does_not_hold()
    {
        var assignments = With(("ada", Direct("reader")), ("cy", InheritedFrom(Root, "reader")));

        var mutations = assignments.PlanBulk(Unit, Bulk(["ada", "bob", "cy"], [], ["editor"]), Table());

        Assert.Empty(mutations);
    }

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_plan_bulk_gives_added_roles_the_edits_window_and_sends_changes_at_an_origin_downstream()
    {
        var until = Now.AddDays(1);
        var assignments = With(
            ("ada", Origin(InheritanceMode.Replace, "reader")),
            ("bob", Origin(InheritanceMode.Keep, "editor")),
            ("cy", new RoleHolding([new HeldRole("reader", null, until)])));

        var added = assignments.PlanBulk(Unit, Bulk(["ada", "cy"], ["reader"], [], Now, until), Table());
        var removed = assignments.PlanBulk(Unit, Bulk(["bob"], [], ["editor"]), Table());

        Assert.Equal(["ada", "cy"], added.Select(mutation => mutation.UserId));
        var windowed = new HeldRole("reader", Now, until);
        Assert.Equal(new RoleHolding([windowed], null, InheritanceMode.Replace), added[0].After);
        AssertChange(added[0].Downstream, "ada", Unit, InheritanceChangeKind.Update, windowed);
        Assert.Equal(new RoleHolding([windowed]), added[1].After);
        Assert.Null(added[1].Downstream);
        var unlinked = Assert.Single(removed);
        Assert.Null(unlinked.After);
        AssertChange(unlinked.Downstream, "bob", Unit, InheritanceChangeKind.Unlink);
    }

    [Fact, Trait("Rule", "INH-4")]
    public void INH4_plan_bulk_refuses_to_change_inherited_roles()
    {
        var assignments = With(("ada", Direct("reader")), ("cy", InheritedFrom(Root, "reader")));

        var added = Assert.Throws<DomainException>(() => assignments.PlanBulk(Unit, Bulk(["ada", "cy"], ["editor"], []), Table()));
        var removed = Assert.Throws<DomainException>(() => assignments.PlanBulk(Unit, Bulk(["cy"], [], ["reader"]), Table()));

        Assert.Equal(DomainError.FailedPrecondition, added.Error);
        Assert.Contains(Root, added.Message, StringComparison.Ordinal);
        Assert.Equal(DomainError.FailedPrecondition, removed.Error);
        Assert.Empty(assignments.PlanBulk(Unit, Bulk(["cy"], ["reader"], []), Table()));
    }

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_plan_bulk_refuses_unknown_or_retiring_roles_and_more_than_the_maximum()
    {
        var assignments = With(("ada", Direct("reader")));
        var table = ManyRoles(UnitAssignments.MaxRolesPerUser + 1);
        var all = table.Roles.Select(role => role.Id).ToArray();

        var unknown = Assert.Throws<DomainException>(() => assignments.PlanBulk(Unit, Bulk(["ada"], ["no-such-role"], []), Table()));
        var retiring = Assert.Throws<DomainException>(() => assignments.PlanBulk(Unit, Bulk(["ada"], ["editor"], []), Table(retiringRoleId: "editor")));
        var tooMany = Assert.Throws<DomainException>(() => new UnitAssignments().PlanBulk(Unit, Bulk(["ada"], all, []), table));
        var atLimit = new UnitAssignments().PlanBulk(Unit, Bulk(["ada"], all[..UnitAssignments.MaxRolesPerUser], []), table);

        Assert.Equal(DomainError.NotFound, unknown.Error);
        Assert.Equal(DomainError.FailedPrecondition, retiring.Error);
        Assert.Equal(DomainError.FailedPrecondition, tooMany.Error);
        var mutation = Assert.Single(atLimit);
        Assert.NotNull(mutation.After);
        Assert.Equal(UnitAssignments.MaxRolesPerUser, mutation.After.Roles.Length);
    }

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_plan_restore_puts_a_holding_back_with_what_that_means_below()
    {
        var plain = Direct("reader");
        var replace = Origin(InheritanceMode.Replace, "editor");
        var keep = Origin(InheritanceMode.Keep, "editor");
        var inherited = InheritedFrom(Root, "reader");
        var assignments = With(("plain", plain), ("replace", replace), ("keep", keep), ("inherited", inherited));

        var switchedOnReplace = assignments.PlanRestore(Unit, "plain", replace);
        var switchedOnKeep = assignments.PlanRestore(Unit, "nobody", keep);
        var updated = assignments.PlanRestore(Unit, "replace", keep);
        var removed = assignments.PlanRestore(Unit, "keep", null);
        var switchedOff = assignments.PlanRestore(Unit, "replace", plain);
        var quiet = assignments.PlanRestore(Unit, "plain", Direct("editor"));
        var fromNothing = assignments.PlanRestore(Unit, "nobody", inherited);
        var toNothing = assignments.PlanRestore(Unit, "inherited", null);

        Assert.Equal(plain, switchedOnReplace.Before);
        Assert.Equal(replace, switchedOnReplace.After);
        AssertChange(switchedOnReplace.Downstream, "plain", Unit, InheritanceChangeKind.Replace, Open("editor"));
        Assert.Null(switchedOnKeep.Before);
        AssertChange(switchedOnKeep.Downstream, "nobody", Unit, InheritanceChangeKind.Keep, Open("editor"));
        Assert.Equal(keep, updated.After);
        AssertChange(updated.Downstream, "replace", Unit, InheritanceChangeKind.Update, Open("editor"));
        Assert.Null(removed.After);
        AssertChange(removed.Downstream, "keep", Unit, InheritanceChangeKind.Unlink);
        Assert.Equal(plain, switchedOff.After);
        AssertChange(switchedOff.Downstream, "replace", Unit, InheritanceChangeKind.Unlink);
        Assert.Equal(Direct("editor"), quiet.After);
        Assert.Null(quiet.Downstream);
        Assert.Equal(inherited, fromNothing.After);
        Assert.Null(fromNothing.Downstream);
        Assert.Equal(inherited, toNothing.Before);
        Assert.Null(toNothing.After);
        Assert.Null(toNothing.Downstream);
        Assert.Equal(4, assignments.Count);
        Assert.Equal(plain, assignments.Find("plain"));
    }

    // ---- Values ----

    [Fact, Trait("Rule", "ASG-1")]
    public void ASG1_role_holdings_are_equal_by_value()
    {
        var until = Now.AddDays(1);
        var holding = new RoleHolding([new HeldRole("editor"), new HeldRole("reader", null, until)], Root);
        var same = new RoleHolding([new HeldRole("editor"), new HeldRole("reader", null, until)], Root);

        Assert.Equal(holding, same);
        Assert.True(holding == same);
        Assert.Equal(holding.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(holding, new RoleHolding([new HeldRole("editor"), new HeldRole("reader")], Root));
        Assert.NotEqual(holding, new RoleHolding([new HeldRole("editor"), new HeldRole("reader", null, until)], Other));
        Assert.NotEqual(holding, new RoleHolding([new HeldRole("editor"), new HeldRole("reader", null, until)]));
        Assert.NotEqual(holding, new RoleHolding([new HeldRole("editor")], Root));
        Assert.NotEqual(Direct("reader"), Origin(InheritanceMode.Keep, "reader"));
        Assert.NotEqual(Origin(InheritanceMode.Replace, "reader"), Origin(InheritanceMode.Keep, "reader"));
        Assert.False(holding.Equals(null));
        Assert.True(holding.IsInherited);
        Assert.False(same.Equals((object?)null));
    }
}
