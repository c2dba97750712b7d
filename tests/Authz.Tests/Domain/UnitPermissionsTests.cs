using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class UnitPermissionsTests
{
    private static DateTimeOffset Now => DomainFixtures.Now;

    private static RoleCatalog Catalog()
    {
        var catalog = DomainFixtures.CatalogWithApplicationPermissions();
        catalog.CreateRole("reader", "Reader", ["documents.read"], Now);
        catalog.CreateRole("writer", "Writer", ["documents.write"], Now);
        catalog.CreateRole("inviter", "Inviter", ["members.invite"], Now);
        return catalog;
    }

    private static RoleHolding Holding(params string[] roleIds) =>
        new(roleIds.Order(StringComparer.Ordinal).Select(roleId => new HeldRole(roleId)).ToArray());

    private static UnitAssignments Assignments(params (string UserId, RoleHolding Holding)[] entries)
    {
        var assignments = new UnitAssignments();
        foreach (var (userId, holding) in entries)
        {
            assignments.Commit(new Mutation(userId, null, holding, null));
        }

        return assignments;
    }

    private static UnitAssignments Assignments(params (string UserId, string[] Roles)[] entries) =>
        Assignments(entries.Select(entry => (entry.UserId, Holding(entry.Roles))).ToArray());

    private static HeldRole[] RolesOf(UnitAssignments assignments, string userId) => assignments.Find(userId)?.Roles ?? [];

    private static int Index(RoleTable table, string permissionId)
    {
        Assert.True(table.TryGetPermissionIndex(permissionId, out var index));
        return index;
    }

    private static RoleEvaluation Open(string roleId, string displayName, bool containsPermission) =>
        new(roleId, displayName, containsPermission, InEffect: true, ValidFrom: null, ValidUntil: null);

    [Fact, Trait("Rule", "ASG-1")]
    public void ASG1_a_user_has_the_union_of_the_permissions_of_their_roles()
    {
        var permissions = UnitPermissions.Compile(Assignments(("ada", ["reader", "writer"])), Catalog().Compile());

        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.read", Now));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.write", Now));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "members.invite", Now));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "admin.dashboard.view", Now));
    }

    [Fact, Trait("Rule", "CHK-1")]
    public void CHK1_admin_roles_grant_their_matrix_permissions()
    {
        var permissions = UnitPermissions.Compile(
            Assignments(("ada", [AdminRoleMatrix.SupportAdmin]), ("bob", [AdminRoleMatrix.TeamAdmin])),
            Catalog().Compile());

        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "admin.members.reset_password", Now));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "admin.users.impersonate", Now));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "admin.team_folders.create_remove", Now));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "documents.read", Now));
        Assert.All(AdminRoleMatrix.Rows, row => Assert.Equal(CheckOutcome.Allowed, permissions.Check("bob", row.PermissionId, Now)));
    }

    [Fact, Trait("Rule", "ASG-2")]
    public void ASG2_a_user_with_no_role_in_the_unit_is_denied()
    {
        var permissions = UnitPermissions.Compile(Assignments(("ada", ["reader"])), Catalog().Compile());

        Assert.Equal(CheckOutcome.Denied, permissions.Check("bob", "documents.read", Now));
        Assert.Equal(CheckOutcome.Denied, UnitPermissions.Compile(new UnitAssignments(), Catalog().Compile()).Check("ada", "documents.read", Now));
    }

    [Fact, Trait("Rule", "INH-1")]
    public void INH1_inherited_roles_grant_like_direct_ones()
    {
        var assignments = Assignments(("ada", new RoleHolding([new HeldRole("reader")], "root")));
        var permissions = UnitPermissions.Compile(assignments, Catalog().Compile());

        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.read", Now));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "documents.write", Now));
    }

    [Fact, Trait("Rule", "CHK-1")]
    public void CHK1_an_unknown_permission_is_reported_as_such()
    {
        var permissions = UnitPermissions.Compile(Assignments(("ada", [AdminRoleMatrix.TeamAdmin, "reader"])), Catalog().Compile());

        Assert.Equal(CheckOutcome.UnknownPermission, permissions.Check("ada", "documents.delete", Now));
        Assert.Equal(CheckOutcome.UnknownPermission, permissions.Check("nobody", "documents.delete", Now));
        Assert.Equal(CheckOutcome.UnknownPermission, permissions.Check("ada", "Documents.Read", Now));
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public void ROLE3_editing_a_role_applies_to_every_holder_once_compiled_against_the_new_table()
    {
        var catalog = Catalog();
        var assignments = Assignments(("ada", ["reader"]), ("bob", ["reader", "writer"]), ("cy", ["writer"]));
        var before = UnitPermissions.Compile(assignments, catalog.Compile());

        catalog.SetPermissions("reader", ["members.invite"]);
        var after = UnitPermissions.Compile(assignments, catalog.Compile());

        Assert.Equal(CheckOutcome.Allowed, before.Check("ada", "documents.read", Now));
        Assert.Equal(CheckOutcome.Denied, before.Check("ada", "members.invite", Now));
        Assert.Equal(CheckOutcome.Denied, after.Check("ada", "documents.read", Now));
        Assert.Equal(CheckOutcome.Allowed, after.Check("ada", "members.invite", Now));
        Assert.Equal(CheckOutcome.Allowed, after.Check("bob", "members.invite", Now));
        Assert.Equal(CheckOutcome.Allowed, after.Check("bob", "documents.write", Now));
        Assert.Equal(CheckOutcome.Denied, after.Check("cy", "members.invite", Now));
        Assert.True(after.Table.Version > before.Table.Version);
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public void ROLE3_editing_a_time_bound_role_applies_within_its_window_once_compiled()
    {
        var catalog = Catalog();
        var until = Now.AddHours(1);
        var assignments = Assignments(("ada", new RoleHolding([new HeldRole("reader", null, until)])));

        catalog.SetPermissions("reader", ["members.invite"]);
        var after = UnitPermissions.Compile(assignments, catalog.Compile());

        Assert.Equal(CheckOutcome.Allowed, after.Check("ada", "members.invite", Now));
        Assert.Equal(CheckOutcome.Denied, after.Check("ada", "members.invite", until));
        Assert.Equal(CheckOutcome.Denied, after.Check("ada", "documents.read", Now));
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public void ROLE3_renaming_a_role_shows_in_explanations_once_compiled_against_the_new_table()
    {
        var catalog = Catalog();
        var assignments = Assignments(("ada", ["reader"]));
        catalog.Rename("reader", "Document reader");
        var permissions = UnitPermissions.Compile(assignments, catalog.Compile());

        var evaluation = Assert.Single(permissions.Explain(RolesOf(assignments, "ada"), Index(permissions.Table, "documents.read"), Now));

        Assert.Equal(Open("reader", "Document reader", true), evaluation);
        Assert.True(evaluation.GrantsPermission);
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_refresh_updates_one_user()
    {
        var permissions = UnitPermissions.Compile(Assignments(("ada", ["reader"]), ("bob", ["reader"])), Catalog().Compile());

        permissions.Refresh("ada", Holding("inviter", "reader"));
        permissions.Refresh("bob", null);
        permissions.Refresh("cy", Holding("writer"));
        permissions.Refresh("dan", new RoleHolding([new HeldRole("reader", null, Now)]));

        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "members.invite", Now));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.read", Now));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("bob", "documents.read", Now));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("cy", "documents.write", Now));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("dan", "documents.read", Now));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("dan", "documents.read", Now.AddTicks(-1)));
        Assert.Equal(["ada"], permissions.UsersWith(Index(permissions.Table, "documents.read"), Now, null));
    }

    [Fact, Trait("Rule", "CHK-3")]
    public void CHK3_explain_lists_each_held_role_and_whether_it_grants_the_permission()
    {
        var catalog = Catalog();
        var assignments = Assignments(("ada", ["inviter", "reader", "writer", AdminRoleMatrix.BillingAdmin]));
        var permissions = UnitPermissions.Compile(assignments, catalog.Compile());

        var explanation = permissions.Explain(RolesOf(assignments, "ada"), Index(permissions.Table, "documents.write"), Now);

        Assert.Equal(
            [
                Open("billing-admin", "Billing administrator", false),
                Open("inviter", "Inviter", false),
                Open("reader", "Reader", false),
                Open("writer", "Writer", true),
            ],
            explanation);
        Assert.Equal([false, false, false, true], explanation.Select(evaluation => evaluation.GrantsPermission));
        Assert.Empty(permissions.Explain(RolesOf(assignments, "nobody"), Index(permissions.Table, "documents.write"), Now));
    }

    [Fact, Trait("Rule", "CHK-3")]
    public void CHK3_explain_of_a_role_no_longer_defined_grants_nothing()
    {
        var catalog = Catalog();
        var assignments = Assignments(("ada", ["reader", "writer"]));
        catalog.Remove("writer");
        var permissions = UnitPermissions.Compile(assignments, catalog.Compile());

        var explanation = permissions.Explain(RolesOf(assignments, "ada"), Index(permissions.Table, "documents.write"), Now);

        Assert.Equal([Open("reader", "Reader", false), Open("writer", "writer", false)], explanation);
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "documents.write", Now));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.read", Now));
    }

    [Fact, Trait("Rule", "CHK-2")]
    public void CHK2_users_with_a_permission_are_listed_in_id_order_after_the_cursor()
    {
        var assignments = Assignments(
            ("mia", ["reader"]),
            ("ada", ["writer", "reader"]),
            ("zed", ["reader"]),
            ("bob", ["writer"]),
            ("Carl", ["reader"]),
            ("eve", [AdminRoleMatrix.TeamAdmin]));
        var permissions = UnitPermissions.Compile(assignments, Catalog().Compile());
        var read = Index(permissions.Table, "documents.read");

        Assert.Equal(["Carl", "ada", "mia", "zed"], permissions.UsersWith(read, Now, null));
        Assert.Equal(["mia", "zed"], permissions.UsersWith(read, Now, "ada"));
        Assert.Equal(["mia", "zed"], permissions.UsersWith(read, Now, "b"));
        Assert.Empty(permissions.UsersWith(read, Now, "zed"));
        Assert.Equal(["ada", "bob"], permissions.UsersWith(Index(permissions.Table, "documents.write"), Now, null));
        Assert.Equal(["eve"], permissions.UsersWith(Index(permissions.Table, "admin.users.impersonate"), Now, null));
        Assert.Empty(permissions.UsersWith(Index(permissions.Table, "members.invite"), Now, null));
    }

    // ---- Time-bound roles ----

    [Fact, Trait("Rule", "TIME")]
    public void TIME_a_time_bound_role_grants_only_from_valid_from_until_just_before_valid_until()
    {
        var from = Now.AddHours(1);
        var until = Now.AddHours(2);
        var assignments = Assignments(("ada", new RoleHolding([new HeldRole("reader", from, until)])));
        var permissions = UnitPermissions.Compile(assignments, Catalog().Compile());

        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "documents.read", Now));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "documents.read", from.AddTicks(-1)));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.read", from));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.read", until.AddTicks(-1)));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "documents.read", until));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "documents.read", until.AddDays(1)));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "documents.write", from));
        Assert.Equal(CheckOutcome.UnknownPermission, permissions.Check("ada", "documents.delete", from));
    }

    [Fact, Trait("Rule", "TIME")]
    public void TIME_half_open_windows_are_open_on_their_missing_side()
    {
        var assignments = Assignments(
            ("ada", new RoleHolding([new HeldRole("reader", null, Now)])),
            ("bob", new RoleHolding([new HeldRole("reader", Now)])));
        var permissions = UnitPermissions.Compile(assignments, Catalog().Compile());

        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.read", DateTimeOffset.MinValue));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.read", Now.AddTicks(-1)));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "documents.read", Now));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("bob", "documents.read", Now.AddTicks(-1)));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("bob", "documents.read", Now));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("bob", "documents.read", DateTimeOffset.MaxValue));
    }

    [Fact, Trait("Rule", "TIME")]
    public void TIME_an_open_role_grants_what_an_expired_one_with_the_same_permission_no_longer_does()
    {
        var until = Now.AddHours(1);
        var assignments = Assignments(
            ("ada", new RoleHolding([new HeldRole("inviter", null, until), new HeldRole("reader"), new HeldRole("writer", null, until)])));
        var permissions = UnitPermissions.Compile(assignments, Catalog().Compile());

        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.write", Now));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "members.invite", Now));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.read", until));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "documents.write", until));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "members.invite", until));
    }

    [Fact, Trait("Rule", "TIME")]
    public void TIME_explain_reports_whether_each_role_contains_the_permission_and_is_in_effect()
    {
        var from = Now.AddHours(1);
        var until = Now.AddHours(2);
        HeldRole[] roles =
        [
            new("inviter", from, until),
            new("reader", null, until),
            new("writer", from, until),
            new("writer-gone", null, until),
        ];
        var permissions = UnitPermissions.Compile(new UnitAssignments(), Catalog().Compile());
        var write = Index(permissions.Table, "documents.write");

        var before = permissions.Explain(roles, write, Now);
        var during = permissions.Explain(roles, write, from);
        var after = permissions.Explain(roles, write, until);

        Assert.Equal(
            [
                new RoleEvaluation("inviter", "Inviter", ContainsPermission: false, InEffect: false, from, until),
                new RoleEvaluation("reader", "Reader", ContainsPermission: false, InEffect: true, null, until),
                new RoleEvaluation("writer", "Writer", ContainsPermission: true, InEffect: false, from, until),
                new RoleEvaluation("writer-gone", "writer-gone", ContainsPermission: false, InEffect: true, null, until),
            ],
            before);
        Assert.Equal([false, false, false, false], before.Select(evaluation => evaluation.GrantsPermission));
        Assert.Equal([true, true, true, true], during.Select(evaluation => evaluation.InEffect));
        Assert.Equal([false, false, true, false], during.Select(evaluation => evaluation.GrantsPermission));
        Assert.Equal([false, false, false, false], after.Select(evaluation => evaluation.InEffect));
        Assert.Equal([false, false, true, false], after.Select(evaluation => evaluation.ContainsPermission));
        Assert.DoesNotContain(after, evaluation => evaluation.GrantsPermission);
    }

    [Fact, Trait("Rule", "TIME")]
    public void TIME_users_with_a_permission_honours_the_time()
    {
        var from = Now.AddHours(1);
        var until = Now.AddHours(2);
        var assignments = Assignments(
            ("ada", new RoleHolding([new HeldRole("reader", from, until)])),
            ("bob", new RoleHolding([new HeldRole("reader")])),
            ("cy", new RoleHolding([new HeldRole("reader", null, from)])),
            ("dan", new RoleHolding([new HeldRole("reader", until)])),
            ("eve", new RoleHolding([new HeldRole("reader", null, until)], "root")));
        var permissions = UnitPermissions.Compile(assignments, Catalog().Compile());
        var read = Index(permissions.Table, "documents.read");

        Assert.Equal(["bob", "cy", "eve"], permissions.UsersWith(read, Now, null));
        Assert.Equal(["ada", "bob", "eve"], permissions.UsersWith(read, from, null));
        Assert.Equal(["eve"], permissions.UsersWith(read, from, "bob"));
        Assert.Equal(["bob", "dan"], permissions.UsersWith(read, until, null));
        Assert.Equal(["dan"], permissions.UsersWith(read, until, "bob"));
    }
}
