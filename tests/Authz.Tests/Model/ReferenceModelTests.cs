namespace Authz.Tests.Model;

/// <summary>
/// The reference model follows each rule of /tmp/spec/inheritance-semantics.md. The tree used by most tests:
/// <code>
/// root
/// ├── a
/// │   ├── a1
/// │   │   └── a1x
/// │   └── a2
/// └── b
///     └── b1
/// </code>
/// Roles: viewer (documents.read), editor (documents.read, documents.write), admin (documents.delete).
/// </summary>
public sealed class ReferenceModelTests
{
    private const string Read = "documents.read";
    private const string Write = "documents.write";
    private const string Delete = "documents.delete";

    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Viewer = ["viewer"];
    private static readonly string[] Editor = ["editor"];
    private static readonly string[] Admin = ["admin"];
    private static readonly string[] EditorAndViewer = ["editor", "viewer"];
    private static readonly string[] EditorViewerAdmin = ["admin", "editor", "viewer"];

    private static ReferenceModel Tree()
    {
        var model = new ReferenceModel(hierarchical: true);
        model.DefineRole("viewer", [Read]);
        model.DefineRole("editor", [Read, Write]);
        model.DefineRole("admin", [Delete]);
        model.AddUnit("root", null);
        model.AddUnit("a", "root");
        model.AddUnit("a1", "a");
        model.AddUnit("a1x", "a1");
        model.AddUnit("a2", "a");
        model.AddUnit("b", "root");
        model.AddUnit("b1", "b");
        return model;
    }

    /// <summary>Every entry of the model, one line each, to prove that a refused operation changed nothing.</summary>
    private static List<string> Snapshot(ReferenceModel model)
    {
        var lines = new List<string>();
        foreach (var user in model.Users)
        {
            foreach (var unit in model.Units)
            {
                var entry = model.Entry(user, unit);
                if (entry is not null)
                {
                    var roles = string.Join(",", entry.Roles.Select(role => $"{role.Key}[{role.Value.From:O};{role.Value.Until:O})"));
                    lines.Add($"{user}@{unit}: {roles} origin={entry.Origin ?? "-"} down={entry.InheritsDown}");
                }
            }
        }

        return lines;
    }

    private static void AssertRefused(ReferenceModel model, RefusalKind kind, Action operation)
    {
        var before = Snapshot(model);
        var refusal = Assert.Throws<ModelRefusal>(operation);
        Assert.Equal(kind, refusal.Kind);
        Assert.Equal(before, Snapshot(model));
    }

    private static void AssertInherited(ReferenceModel model, string user, string unit, string origin, params string[] roles)
    {
        var entry = model.Entry(user, unit);
        Assert.NotNull(entry);
        Assert.Equal(origin, entry.Origin);
        Assert.False(entry.InheritsDown);
        Assert.Equal(roles, model.RolesOf(user, unit));
    }

    private static void AssertDirect(ReferenceModel model, string user, string unit, bool inheritsDown, params string[] roles)
    {
        var entry = model.Entry(user, unit);
        Assert.NotNull(entry);
        Assert.Null(entry.Origin);
        Assert.Equal(inheritsDown, entry.InheritsDown);
        Assert.Equal(roles, model.RolesOf(user, unit));
    }

    private static void AssertNoEntry(ReferenceModel model, string user, params string[] units)
    {
        foreach (var unit in units)
        {
            Assert.Null(model.Entry(user, unit));
            Assert.Empty(model.RolesOf(user, unit));
        }
    }

    // ---- INH-2: inheritance reaches every descendant ----

    [Fact, Trait("Rule", "INH-2")]
    public void INH2_inheritance_reaches_every_descendant_on_three_levels()
    {
        var model = Tree();
        model.Assign("ann", "root", Editor);
        model.SetInheritance("ann", "root", replace: false);

        AssertDirect(model, "ann", "root", true, "editor");
        foreach (var unit in new[] { "a", "a1", "a1x", "a2", "b", "b1" })
        {
            AssertInherited(model, "ann", unit, "root", "editor");
            Assert.True(model.Check("ann", unit, Write, Now));
        }
    }

    [Fact, Trait("Rule", "INH-2")]
    public void INH2_inheritance_stays_inside_the_subtree_and_the_user()
    {
        var model = Tree();
        model.Assign("ann", "a", Viewer);
        model.SetInheritance("ann", "a", replace: true);

        AssertInherited(model, "ann", "a1", "a", "viewer");
        AssertInherited(model, "ann", "a1x", "a", "viewer");
        AssertInherited(model, "ann", "a2", "a", "viewer");
        AssertNoEntry(model, "ann", "root", "b", "b1");
        Assert.False(model.Check("ann", "b1", Read, Now));
        Assert.Equal(["ann"], model.Users);
        AssertNoEntry(model, "bob", "a1");
    }

    // ---- INH-3: Replace and Keep ----

    [Fact, Trait("Rule", "INH-3")]
    public void INH3_replace_overwrites_whatever_each_descendant_held()
    {
        var model = Tree();
        model.Assign("ann", "a1", Admin);
        model.SetInheritance("ann", "a1", replace: false);
        model.Assign("ann", "a2", Viewer);
        model.Assign("ann", "root", Editor);

        model.SetInheritance("ann", "root", replace: true);

        foreach (var unit in new[] { "a", "a1", "a1x", "a2", "b", "b1" })
        {
            AssertInherited(model, "ann", unit, "root", "editor");
        }

        Assert.False(model.Check("ann", "a1", Delete, Now));
        Assert.False(model.Check("ann", "a1x", Delete, Now));
    }

    [Fact, Trait("Rule", "INH-3")]
    public void INH3_keep_existing_leaves_direct_entries_and_fills_the_others()
    {
        var model = Tree();
        model.Assign("ann", "a", Viewer);
        model.Assign("ann", "root", Editor);

        model.SetInheritance("ann", "root", replace: false);

        AssertDirect(model, "ann", "a", false, "viewer");
        Assert.False(model.Check("ann", "a", Write, Now));
        foreach (var unit in new[] { "a1", "a1x", "a2", "b", "b1" })
        {
            AssertInherited(model, "ann", unit, "root", "editor");
        }
    }

    [Fact, Trait("Rule", "INH-3")]
    public void INH3_keep_existing_fills_a_grandchild_below_a_child_that_kept_its_own_roles()
    {
        var model = Tree();
        model.Assign("ann", "a1", Admin);
        model.SetInheritance("ann", "a1", replace: false);
        model.Assign("ann", "b", Viewer);
        model.Assign("ann", "root", Editor);

        model.SetInheritance("ann", "root", replace: false);

        AssertDirect(model, "ann", "a1", true, "admin");
        AssertInherited(model, "ann", "a1x", "a1", "admin");
        AssertDirect(model, "ann", "b", false, "viewer");
        AssertInherited(model, "ann", "b1", "root", "editor");
        AssertInherited(model, "ann", "a", "root", "editor");
        AssertInherited(model, "ann", "a2", "root", "editor");
        Assert.True(model.Check("ann", "b1", Write, Now));
        Assert.False(model.Check("ann", "b", Write, Now));
    }

    [Fact, Trait("Rule", "INH-3")]
    public void INH3_switching_inheritance_on_again_applies_the_procedure_again()
    {
        var model = Tree();
        model.Assign("ann", "root", Editor);
        model.SetInheritance("ann", "root", replace: false);
        model.BreakInheritance("ann", "a");
        AssertNoEntry(model, "ann", "a1", "a1x", "a2");

        model.SetInheritance("ann", "root", replace: false);

        AssertDirect(model, "ann", "a", false, "editor");
        AssertInherited(model, "ann", "a1", "root", "editor");
        AssertInherited(model, "ann", "a1x", "root", "editor");
        AssertInherited(model, "ann", "a2", "root", "editor");

        model.SetInheritance("ann", "root", replace: true);

        AssertInherited(model, "ann", "a", "root", "editor");
    }

    // ---- INH-4: an entry is all inherited or all direct ----

    [Fact, Trait("Rule", "INH-4")]
    public void INH4_assign_on_an_inherited_unit_is_refused_and_changes_nothing()
    {
        var model = Tree();
        model.Assign("ann", "a", Viewer);
        model.SetInheritance("ann", "a", replace: true);

        AssertRefused(model, RefusalKind.FailedPrecondition, () => model.Assign("ann", "a1", Admin));
        AssertRefused(model, RefusalKind.FailedPrecondition, () => model.Assign("ann", "a1x", Viewer));
        AssertInherited(model, "ann", "a1", "a", "viewer");
    }

    [Fact, Trait("Rule", "INH-4")]
    public void INH4_remove_on_an_inherited_unit_is_refused_and_changes_nothing()
    {
        var model = Tree();
        model.Assign("ann", "a", EditorAndViewer);
        model.SetInheritance("ann", "a", replace: true);

        AssertRefused(model, RefusalKind.FailedPrecondition, () => model.Remove("ann", "a1", Viewer));
        AssertRefused(model, RefusalKind.FailedPrecondition, () => model.Remove("ann", "a2", EditorAndViewer));
        AssertInherited(model, "ann", "a1", "a", "editor", "viewer");
    }

    [Fact, Trait("Rule", "INH-4")]
    public void INH4_set_inheritance_on_an_inherited_unit_is_refused()
    {
        var model = Tree();
        model.Assign("ann", "root", Viewer);
        model.SetInheritance("ann", "root", replace: true);

        AssertRefused(model, RefusalKind.FailedPrecondition, () => model.SetInheritance("ann", "a", replace: true));
        AssertRefused(model, RefusalKind.FailedPrecondition, () => model.SetInheritance("ann", "a1", replace: false));
    }

    // ---- INH-5: removing roles from a direct entry ----

    [Fact, Trait("Rule", "INH-5")]
    public void INH5_remove_takes_away_only_the_named_roles()
    {
        var model = Tree();
        model.Assign("ann", "a", EditorViewerAdmin);

        model.Remove("ann", "a", EditorAndViewer);

        AssertDirect(model, "ann", "a", false, "admin");
        Assert.False(model.Check("ann", "a", Read, Now));
        Assert.True(model.Check("ann", "a", Delete, Now));
    }

    [Fact, Trait("Rule", "INH-5")]
    public void INH5_removing_the_last_role_removes_the_entry()
    {
        var model = Tree();
        model.Assign("ann", "a", Viewer);

        model.Remove("ann", "a", Viewer);

        AssertNoEntry(model, "ann", "a");
        Assert.Empty(model.Users);
        Assert.False(model.Check("ann", "a", Read, Now));
    }

    [Fact, Trait("Rule", "INH-5")]
    public void INH5_remove_of_a_role_not_held_or_without_entry_is_not_found_and_changes_nothing()
    {
        var model = Tree();
        model.Assign("ann", "a", Viewer);

        AssertRefused(model, RefusalKind.NotFound, () => model.Remove("ann", "a", Editor));
        AssertRefused(model, RefusalKind.NotFound, () => model.Remove("ann", "a", EditorAndViewer));
        AssertRefused(model, RefusalKind.NotFound, () => model.Remove("ann", "b", Viewer));
        AssertRefused(model, RefusalKind.NotFound, () => model.Remove("bob", "a", Viewer));
        AssertDirect(model, "ann", "a", false, "viewer");
    }

    // ---- INH-6: break inheritance ("Modify roles") ----

    [Fact, Trait("Rule", "INH-6")]
    public void INH6_break_makes_the_roles_direct_and_descendants_lose_those_inherited_through_it()
    {
        var model = Tree();
        var until = Now.AddDays(7);
        model.Assign("ann", "root", Editor, validUntil: until);
        model.SetInheritance("ann", "root", replace: true);

        model.BreakInheritance("ann", "a");

        AssertDirect(model, "ann", "a", false, "editor");
        Assert.Equal((null, until), model.Entry("ann", "a")!.Roles["editor"]);
        AssertNoEntry(model, "ann", "a1", "a1x", "a2");
        AssertInherited(model, "ann", "b", "root", "editor");
        AssertInherited(model, "ann", "b1", "root", "editor");
        AssertDirect(model, "ann", "root", true, "editor");
    }

    [Fact, Trait("Rule", "INH-6")]
    public void INH6_after_break_the_roles_can_be_modified_and_the_origin_no_longer_reaches_them()
    {
        var model = Tree();
        model.Assign("ann", "root", Viewer);
        model.SetInheritance("ann", "root", replace: true);
        model.BreakInheritance("ann", "a");

        model.Assign("ann", "a", Admin);
        model.Assign("ann", "root", Editor);

        AssertDirect(model, "ann", "a", false, "admin", "viewer");
        AssertInherited(model, "ann", "b", "root", "editor", "viewer");
        AssertNoEntry(model, "ann", "a1");
    }

    [Fact, Trait("Rule", "INH-6")]
    public void INH6_a_unit_created_later_below_the_broken_unit_gets_nothing()
    {
        var model = Tree();
        model.Assign("ann", "root", Editor);
        model.SetInheritance("ann", "root", replace: true);
        model.BreakInheritance("ann", "a1");

        model.AddUnit("a1y", "a1");
        model.AddUnit("a1xx", "a1x");

        AssertNoEntry(model, "ann", "a1y", "a1xx", "a1x");
        AssertInherited(model, "ann", "a2", "root", "editor");
    }

    [Fact, Trait("Rule", "INH-6")]
    public void INH6_break_on_a_direct_entry_is_a_no_op_and_without_entry_not_found()
    {
        var model = Tree();
        model.Assign("ann", "a", Viewer);
        model.SetInheritance("ann", "a", replace: true);
        var before = Snapshot(model);

        model.BreakInheritance("ann", "a");

        Assert.Equal(before, Snapshot(model));
        AssertRefused(model, RefusalKind.NotFound, () => model.BreakInheritance("ann", "b"));
    }

    [Fact, Trait("Rule", "INH-6")]
    public void INH6_break_removes_only_entries_with_the_same_origin()
    {
        var model = Tree();
        model.Assign("ann", "a1", Admin);
        model.SetInheritance("ann", "a1", replace: false);
        model.Assign("ann", "root", Viewer);
        model.SetInheritance("ann", "root", replace: false);

        model.BreakInheritance("ann", "a");

        AssertDirect(model, "ann", "a", false, "viewer");
        AssertDirect(model, "ann", "a1", true, "admin");
        AssertInherited(model, "ann", "a1x", "a1", "admin");
        AssertNoEntry(model, "ann", "a2");
    }

    // ---- INH-7: switching inheritance off ----

    [Fact, Trait("Rule", "INH-7")]
    public void INH7_clear_removes_the_inherited_entries_and_keeps_direct_ones()
    {
        var model = Tree();
        model.Assign("ann", "a2", Admin);
        model.Assign("ann", "a", Viewer);
        model.SetInheritance("ann", "a", replace: false);

        model.ClearInheritance("ann", "a");

        AssertDirect(model, "ann", "a", false, "viewer");
        AssertDirect(model, "ann", "a2", false, "admin");
        AssertNoEntry(model, "ann", "a1", "a1x");
    }

    [Fact, Trait("Rule", "INH-7")]
    public void INH7_clear_leaves_entries_inherited_from_another_origin()
    {
        var model = Tree();
        model.Assign("ann", "a1", Admin);
        model.SetInheritance("ann", "a1", replace: false);
        model.Assign("ann", "root", Viewer);
        model.SetInheritance("ann", "root", replace: false);

        model.ClearInheritance("ann", "root");

        AssertDirect(model, "ann", "root", false, "viewer");
        AssertNoEntry(model, "ann", "a", "a2", "b", "b1");
        AssertDirect(model, "ann", "a1", true, "admin");
        AssertInherited(model, "ann", "a1x", "a1", "admin");
    }

    [Fact, Trait("Rule", "INH-7")]
    public void INH7_clear_without_inheritance_is_a_no_op()
    {
        var model = Tree();
        model.Assign("ann", "root", Viewer);
        model.SetInheritance("ann", "root", replace: true);
        var before = Snapshot(model);

        model.ClearInheritance("ann", "a");
        model.ClearInheritance("ann", "a1x");
        model.ClearInheritance("bob", "root");

        Assert.Equal(before, Snapshot(model));

        model.ClearInheritance("ann", "root");
        model.ClearInheritance("ann", "root");
        AssertDirect(model, "ann", "root", false, "viewer");
    }

    [Fact, Trait("Rule", "INH-7")]
    public void INH7_a_unit_created_after_clear_gets_nothing()
    {
        var model = Tree();
        model.Assign("ann", "a", Viewer);
        model.SetInheritance("ann", "a", replace: true);
        model.ClearInheritance("ann", "a");

        model.AddUnit("a3", "a");

        AssertNoEntry(model, "ann", "a3");
    }

    // ---- INH-8: units created later ----

    [Fact, Trait("Rule", "INH-8")]
    public void INH8_a_unit_created_below_an_inheriting_unit_inherits_from_it()
    {
        var model = Tree();
        model.Assign("ann", "a", Viewer);
        model.SetInheritance("ann", "a", replace: true);
        model.Assign("bob", "a", Editor);

        model.AddUnit("a3", "a");

        AssertInherited(model, "ann", "a3", "a", "viewer");
        AssertNoEntry(model, "bob", "a3");
    }

    [Fact, Trait("Rule", "INH-8")]
    public void INH8_a_unit_created_below_an_inherited_unit_inherits_from_the_same_origin()
    {
        var model = Tree();
        var from = Now.AddDays(-1);
        model.Assign("ann", "root", Editor, validFrom: from);
        model.SetInheritance("ann", "root", replace: true);

        model.AddUnit("a1xx", "a1x");
        model.AddUnit("a1xxx", "a1xx");

        AssertInherited(model, "ann", "a1xx", "root", "editor");
        AssertInherited(model, "ann", "a1xxx", "root", "editor");
        Assert.Equal((from, null), model.Entry("ann", "a1xxx")!.Roles["editor"]);

        model.Assign("ann", "root", Admin);
        AssertInherited(model, "ann", "a1xxx", "root", "admin", "editor");
    }

    [Fact, Trait("Rule", "INH-8")]
    public void INH8_a_unit_below_a_direct_non_inheriting_unit_and_a_new_root_start_empty()
    {
        var model = Tree();
        model.Assign("ann", "b", Viewer);
        model.Assign("ann", "root", Editor);
        model.SetInheritance("ann", "root", replace: false);
        model.BreakInheritance("ann", "a");

        model.AddUnit("b2", "b");
        model.AddUnit("a3", "a");
        model.AddUnit("other", null);
        model.AddUnit("a4", "root");

        AssertNoEntry(model, "ann", "a3", "other");
        AssertInherited(model, "ann", "b1", "root", "editor");
        AssertNoEntry(model, "ann", "b2");
        AssertInherited(model, "ann", "a4", "root", "editor");
    }

    // ---- INH-9: changes at the origin reach the inherited copies ----

    [Fact, Trait("Rule", "INH-9")]
    public void INH9_assign_at_the_origin_updates_the_descendants_that_inherit_from_it()
    {
        var model = Tree();
        model.Assign("ann", "a1", Admin);
        model.Assign("ann", "root", Viewer);
        model.SetInheritance("ann", "root", replace: false);

        model.Assign("ann", "root", Editor);

        AssertInherited(model, "ann", "a", "root", "editor", "viewer");
        AssertInherited(model, "ann", "a1x", "root", "editor", "viewer");
        AssertInherited(model, "ann", "b1", "root", "editor", "viewer");
        AssertDirect(model, "ann", "a1", false, "admin");
        Assert.True(model.Check("ann", "b1", Write, Now));
    }

    [Fact, Trait("Rule", "INH-9")]
    public void INH9_remove_at_the_origin_updates_the_descendants()
    {
        var model = Tree();
        model.Assign("ann", "a", EditorAndViewer);
        model.SetInheritance("ann", "a", replace: true);

        model.Remove("ann", "a", Editor);

        AssertInherited(model, "ann", "a1", "a", "viewer");
        AssertInherited(model, "ann", "a1x", "a", "viewer");
        Assert.False(model.Check("ann", "a1x", Write, Now));
        Assert.True(model.Check("ann", "a1x", Read, Now));
    }

    [Fact, Trait("Rule", "INH-9")]
    public void INH9_removing_the_last_role_at_the_origin_removes_the_inherited_copies()
    {
        var model = Tree();
        model.Assign("ann", "a1", Viewer);
        model.SetInheritance("ann", "a1", replace: false);
        model.Assign("ann", "a", Editor);
        model.SetInheritance("ann", "a", replace: false);
        AssertInherited(model, "ann", "a2", "a", "editor");

        model.Remove("ann", "a", Editor);

        AssertNoEntry(model, "ann", "a", "a2");
        AssertDirect(model, "ann", "a1", true, "viewer");
        AssertInherited(model, "ann", "a1x", "a1", "viewer");

        model.AddUnit("a3", "a");
        AssertNoEntry(model, "ann", "a3");
    }

    [Fact, Trait("Rule", "INH-9")]
    public void INH9_assign_at_a_non_inheriting_unit_does_not_touch_descendants()
    {
        var model = Tree();
        model.Assign("ann", "root", Viewer);
        model.SetInheritance("ann", "root", replace: true);
        model.ClearInheritance("ann", "root");
        model.Assign("ann", "a", Admin);

        model.Assign("ann", "root", Editor);

        AssertDirect(model, "ann", "root", false, "editor", "viewer");
        AssertDirect(model, "ann", "a", false, "admin");
        AssertNoEntry(model, "ann", "a1", "b");
    }

    // ---- Time-bound roles ----

    [Fact, Trait("Rule", "TIME")]
    public void TIME_a_role_valid_until_T_allows_before_T_and_denies_at_and_after_T()
    {
        var model = Tree();
        var until = Now.AddHours(1);
        model.Assign("ann", "a", Viewer, validUntil: until);

        Assert.True(model.Check("ann", "a", Read, Now));
        Assert.True(model.Check("ann", "a", Read, until.AddTicks(-1)));
        Assert.False(model.Check("ann", "a", Read, until));
        Assert.False(model.Check("ann", "a", Read, until.AddDays(1)));
        AssertDirect(model, "ann", "a", false, "viewer");
    }

    [Fact, Trait("Rule", "TIME")]
    public void TIME_a_role_valid_from_T_denies_before_T_and_allows_from_T()
    {
        var model = Tree();
        var from = Now.AddHours(1);
        model.Assign("ann", "a", Viewer, validFrom: from, validUntil: from.AddHours(1));

        Assert.False(model.Check("ann", "a", Read, Now));
        Assert.False(model.Check("ann", "a", Read, from.AddTicks(-1)));
        Assert.True(model.Check("ann", "a", Read, from));
        Assert.False(model.Check("ann", "a", Read, from.AddHours(1)));
    }

    [Fact, Trait("Rule", "TIME")]
    public void TIME_inherited_copies_carry_the_window()
    {
        var model = Tree();
        var until = Now.AddHours(1);
        model.Assign("ann", "root", Editor, validUntil: until);
        model.Assign("ann", "root", Viewer);
        model.SetInheritance("ann", "root", replace: true);

        var entry = model.Entry("ann", "a1x");
        Assert.NotNull(entry);
        Assert.Equal((null, until), entry.Roles["editor"]);
        Assert.Equal((null, null), entry.Roles["viewer"]);
        Assert.True(model.Check("ann", "a1x", Write, Now));
        Assert.False(model.Check("ann", "a1x", Write, until));
        Assert.True(model.Check("ann", "a1x", Read, until));
    }

    [Fact, Trait("Rule", "TIME")]
    public void TIME_reassigning_a_held_role_takes_the_new_window_everywhere()
    {
        var model = Tree();
        var until = Now.AddHours(1);
        model.Assign("ann", "a", Editor, validUntil: until);
        model.SetInheritance("ann", "a", replace: true);

        model.Assign("ann", "a", Editor);

        Assert.Equal((null, null), model.Entry("ann", "a")!.Roles["editor"]);
        Assert.Equal((null, null), model.Entry("ann", "a1x")!.Roles["editor"]);
        Assert.True(model.Check("ann", "a1x", Write, until.AddDays(1)));
    }

    [Fact, Trait("Rule", "TIME")]
    public void TIME_an_empty_window_is_an_invalid_argument()
    {
        var model = Tree();

        AssertRefused(model, RefusalKind.InvalidArgument, () => model.Assign("ann", "a", Viewer, Now, Now));
        AssertRefused(model, RefusalKind.InvalidArgument, () => model.Assign("ann", "a", Viewer, Now, Now.AddDays(-1)));
    }

    // ---- ASG-2: no entry, no access ----

    [Fact, Trait("Rule", "ASG-2")]
    public void ASG2_without_an_entry_access_is_denied()
    {
        var model = Tree();
        model.Assign("ann", "a", Viewer);

        Assert.True(model.Check("ann", "a", Read, Now));
        Assert.False(model.Check("ann", "a1", Read, Now));
        Assert.False(model.Check("bob", "a", Read, Now));
        Assert.False(model.Check("ann", "a", Write, Now));
    }

    // ---- Flat organizations (ORG-3) ----

    [Fact, Trait("Rule", "ORG-3")]
    public void ORG3_flat_model_refuses_set_inheritance_and_child_units()
    {
        var model = new ReferenceModel(hierarchical: false);
        model.DefineRole("viewer", [Read]);
        model.AddUnit("u1", null);
        model.AddUnit("u2", null);
        model.Assign("ann", "u1", Viewer);

        AssertRefused(model, RefusalKind.FailedPrecondition, () => model.SetInheritance("ann", "u1", replace: true));
        AssertRefused(model, RefusalKind.FailedPrecondition, () => model.SetInheritance("ann", "u1", replace: false));
        AssertRefused(model, RefusalKind.FailedPrecondition, () => model.AddUnit("u3", "u1"));
        Assert.Equal(["u1", "u2"], model.Units);
        Assert.True(model.Check("ann", "u1", Read, Now));
        Assert.False(model.Check("ann", "u2", Read, Now));
    }

    // ---- DeleteUser ----

    [Fact, Trait("Rule", "USR-7")]
    public void USR7_delete_user_removes_every_entry_of_the_user_everywhere()
    {
        var model = Tree();
        model.Assign("ann", "a1", Admin);
        model.Assign("ann", "root", Editor);
        model.SetInheritance("ann", "root", replace: false);
        model.Assign("bob", "a", Viewer);

        model.DeleteUser("ann");

        foreach (var unit in model.Units)
        {
            AssertNoEntry(model, "ann", unit);
            Assert.False(model.Check("ann", unit, Read, Now));
        }

        Assert.Equal(["bob"], model.Users);
        AssertDirect(model, "bob", "a", false, "viewer");

        model.AddUnit("b2", "b");
        AssertNoEntry(model, "ann", "b2");

        model.DeleteUser("nobody");
        Assert.Equal(["bob"], model.Users);
    }

    // ---- ROLE-3: role definitions apply at once everywhere ----

    [Fact, Trait("Rule", "ROLE-3")]
    public void ROLE3_redefining_a_role_applies_at_once_to_direct_and_inherited_entries()
    {
        var model = Tree();
        model.Assign("ann", "a", Viewer);
        model.SetInheritance("ann", "a", replace: true);
        Assert.False(model.Check("ann", "a", Write, Now));
        Assert.False(model.Check("ann", "a1x", Write, Now));

        model.DefineRole("viewer", [Read, Write]);

        Assert.True(model.Check("ann", "a", Write, Now));
        Assert.True(model.Check("ann", "a1x", Write, Now));

        model.DefineRole("viewer", []);

        Assert.False(model.Check("ann", "a", Read, Now));
        Assert.False(model.Check("ann", "a1x", Read, Now));
        AssertInherited(model, "ann", "a1x", "a", "viewer");
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public void ROLE3_a_role_unknown_to_the_catalog_grants_nothing_until_defined()
    {
        var model = Tree();
        model.Assign("ann", "a", ["ghost"]);

        Assert.False(model.Check("ann", "a", Read, Now));

        model.DefineRole("ghost", [Read]);

        Assert.True(model.Check("ann", "a", Read, Now));
    }

    // ---- Refusals common to every operation ----

    [Fact, Trait("Rule", "MODEL")]
    public void MODEL_an_unknown_unit_is_not_found_in_every_operation()
    {
        var model = Tree();
        model.Assign("ann", "a", Viewer);

        AssertRefused(model, RefusalKind.NotFound, () => model.Assign("ann", "zz", Viewer));
        AssertRefused(model, RefusalKind.NotFound, () => model.Remove("ann", "zz", Viewer));
        AssertRefused(model, RefusalKind.NotFound, () => model.SetInheritance("ann", "zz", replace: true));
        AssertRefused(model, RefusalKind.NotFound, () => model.ClearInheritance("ann", "zz"));
        AssertRefused(model, RefusalKind.NotFound, () => model.BreakInheritance("ann", "zz"));
        AssertRefused(model, RefusalKind.NotFound, () => model.AddUnit("new", "zz"));
        AssertRefused(model, RefusalKind.NotFound, () => model.Check("ann", "zz", Read, Now));
        AssertRefused(model, RefusalKind.NotFound, () => model.Entry("ann", "zz"));
        AssertRefused(model, RefusalKind.NotFound, () => model.RolesOf("ann", "zz"));
    }

    [Fact, Trait("Rule", "MODEL")]
    public void MODEL_refuses_duplicate_units_empty_role_lists_and_set_inheritance_without_entry()
    {
        var model = Tree();
        model.Assign("ann", "a", Viewer);

        AssertRefused(model, RefusalKind.FailedPrecondition, () => model.AddUnit("a", null));
        AssertRefused(model, RefusalKind.FailedPrecondition, () => model.AddUnit("a1", "b"));
        AssertRefused(model, RefusalKind.InvalidArgument, () => model.Assign("ann", "a", []));
        AssertRefused(model, RefusalKind.InvalidArgument, () => model.Remove("ann", "a", []));
        AssertRefused(model, RefusalKind.FailedPrecondition, () => model.SetInheritance("ann", "b", replace: true));
        Assert.Equal("a", model.ParentOf("a1"));
        Assert.Null(model.ParentOf("root"));
    }

    [Fact, Trait("Rule", "MODEL")]
    public void MODEL_entries_are_copies_and_units_come_in_creation_order()
    {
        var model = Tree();
        model.Assign("ann", "a", Viewer);
        var entry = model.Entry("ann", "a");

        model.Assign("ann", "a", Editor);

        Assert.NotNull(entry);
        Assert.Equal(["viewer"], entry.Roles.Keys);
        Assert.Equal(["editor", "viewer"], model.RolesOf("ann", "a"));
        Assert.Equal(["root", "a", "a1", "a1x", "a2", "b", "b1"], model.Units);
    }
}
