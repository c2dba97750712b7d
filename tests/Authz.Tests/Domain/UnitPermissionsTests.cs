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

    private static UnitAssignments Assignments(params (string UserId, string[] Roles)[] entries)
    {
        var assignments = new UnitAssignments();
        foreach (var (userId, roles) in entries)
        {
            assignments.Set(userId, roles.Order(StringComparer.Ordinal).ToArray());
        }

        return assignments;
    }

    private static int Index(RoleTable table, string permissionId)
    {
        Assert.True(table.TryGetPermissionIndex(permissionId, out var index));
        return index;
    }

    [Fact, Trait("Rule", "ASG-1")]
    public void ASG1_a_user_has_the_union_of_the_permissions_of_their_roles()
    {
        var permissions = UnitPermissions.Compile(Assignments(("ada", ["reader", "writer"])), Catalog().Compile());

        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.read"));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.write"));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "members.invite"));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "admin.dashboard.view"));
    }

    [Fact, Trait("Rule", "CHK-1")]
    public void CHK1_admin_roles_grant_their_matrix_permissions()
    {
        var permissions = UnitPermissions.Compile(
            Assignments(("ada", [AdminRoleMatrix.SupportAdmin]), ("bob", [AdminRoleMatrix.TeamAdmin])),
            Catalog().Compile());

        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "admin.members.reset_password"));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "admin.users.impersonate"));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "admin.team_folders.create_remove"));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "documents.read"));
        Assert.All(AdminRoleMatrix.Rows, row => Assert.Equal(CheckOutcome.Allowed, permissions.Check("bob", row.PermissionId)));
    }

    [Fact, Trait("Rule", "ASG-2")]
    public void ASG2_a_user_with_no_role_in_the_unit_is_denied()
    {
        var permissions = UnitPermissions.Compile(Assignments(("ada", ["reader"])), Catalog().Compile());

        Assert.Equal(CheckOutcome.Denied, permissions.Check("bob", "documents.read"));
        Assert.Equal(CheckOutcome.Denied, UnitPermissions.Compile(new UnitAssignments(), Catalog().Compile()).Check("ada", "documents.read"));
    }

    [Fact, Trait("Rule", "CHK-1")]
    public void CHK1_an_unknown_permission_is_reported_as_such()
    {
        var permissions = UnitPermissions.Compile(Assignments(("ada", [AdminRoleMatrix.TeamAdmin, "reader"])), Catalog().Compile());

        Assert.Equal(CheckOutcome.UnknownPermission, permissions.Check("ada", "documents.delete"));
        Assert.Equal(CheckOutcome.UnknownPermission, permissions.Check("nobody", "documents.delete"));
        Assert.Equal(CheckOutcome.UnknownPermission, permissions.Check("ada", "Documents.Read"));
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public void ROLE3_editing_a_role_applies_to_every_holder_once_compiled_against_the_new_table()
    {
        var catalog = Catalog();
        var assignments = Assignments(("ada", ["reader"]), ("bob", ["reader", "writer"]), ("cy", ["writer"]));
        var before = UnitPermissions.Compile(assignments, catalog.Compile());

        catalog.SetPermissions("reader", ["members.invite"]);
        var after = UnitPermissions.Compile(assignments, catalog.Compile());

        Assert.Equal(CheckOutcome.Allowed, before.Check("ada", "documents.read"));
        Assert.Equal(CheckOutcome.Denied, before.Check("ada", "members.invite"));
        Assert.Equal(CheckOutcome.Denied, after.Check("ada", "documents.read"));
        Assert.Equal(CheckOutcome.Allowed, after.Check("ada", "members.invite"));
        Assert.Equal(CheckOutcome.Allowed, after.Check("bob", "members.invite"));
        Assert.Equal(CheckOutcome.Allowed, after.Check("bob", "documents.write"));
        Assert.Equal(CheckOutcome.Denied, after.Check("cy", "members.invite"));
        Assert.True(after.Table.Version > before.Table.Version);
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public void ROLE3_renaming_a_role_shows_in_explanations_once_compiled_against_the_new_table()
    {
        var catalog = Catalog();
        var assignments = Assignments(("ada", ["reader"]));
        catalog.Rename("reader", "Document reader");
        var permissions = UnitPermissions.Compile(assignments, catalog.Compile());

        var evaluation = Assert.Single(permissions.Explain(assignments.RolesOf("ada"), Index(permissions.Table, "documents.read")));

        Assert.Equal(new RoleEvaluation("reader", "Document reader", true), evaluation);
    }

    [Fact, Trait("Rule", "ASG-3")]
    public void ASG3_refresh_updates_one_user()
    {
        var permissions = UnitPermissions.Compile(Assignments(("ada", ["reader"]), ("bob", ["reader"])), Catalog().Compile());

        permissions.Refresh("ada", ["inviter", "reader"]);
        permissions.Refresh("bob", []);
        permissions.Refresh("cy", ["writer"]);

        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "members.invite"));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.read"));
        Assert.Equal(CheckOutcome.Denied, permissions.Check("bob", "documents.read"));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("cy", "documents.write"));
        Assert.Equal(["ada"], permissions.UsersWith(Index(permissions.Table, "documents.read"), null));
    }

    [Fact, Trait("Rule", "CHK-3")]
    public void CHK3_explain_lists_each_held_role_and_whether_it_grants_the_permission()
    {
        var catalog = Catalog();
        var assignments = Assignments(("ada", ["inviter", "reader", "writer", AdminRoleMatrix.BillingAdmin]));
        var permissions = UnitPermissions.Compile(assignments, catalog.Compile());

        var explanation = permissions.Explain(assignments.RolesOf("ada"), Index(permissions.Table, "documents.write"));

        Assert.Equal(
            [
                new RoleEvaluation("billing-admin", "Billing administrator", false),
                new RoleEvaluation("inviter", "Inviter", false),
                new RoleEvaluation("reader", "Reader", false),
                new RoleEvaluation("writer", "Writer", true),
            ],
            explanation);
        Assert.Empty(permissions.Explain(assignments.RolesOf("nobody"), Index(permissions.Table, "documents.write")));
    }

    [Fact, Trait("Rule", "CHK-3")]
    public void CHK3_explain_of_a_role_no_longer_defined_grants_nothing()
    {
        var catalog = Catalog();
        var assignments = Assignments(("ada", ["reader", "writer"]));
        catalog.Remove("writer");
        var permissions = UnitPermissions.Compile(assignments, catalog.Compile());

        var explanation = permissions.Explain(assignments.RolesOf("ada"), Index(permissions.Table, "documents.write"));

        Assert.Equal([new RoleEvaluation("reader", "Reader", false), new RoleEvaluation("writer", "writer", false)], explanation);
        Assert.Equal(CheckOutcome.Denied, permissions.Check("ada", "documents.write"));
        Assert.Equal(CheckOutcome.Allowed, permissions.Check("ada", "documents.read"));
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

        Assert.Equal(["Carl", "ada", "mia", "zed"], permissions.UsersWith(read, null));
        Assert.Equal(["mia", "zed"], permissions.UsersWith(read, "ada"));
        Assert.Equal(["mia", "zed"], permissions.UsersWith(read, "b"));
        Assert.Empty(permissions.UsersWith(read, "zed"));
        Assert.Equal(["ada", "bob"], permissions.UsersWith(Index(permissions.Table, "documents.write"), null));
        Assert.Equal(["eve"], permissions.UsersWith(Index(permissions.Table, "admin.users.impersonate"), null));
        Assert.Empty(permissions.UsersWith(Index(permissions.Table, "members.invite"), null));
    }
}
