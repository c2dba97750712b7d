using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class RoleCatalogTests
{
    private static DateTimeOffset Now => DomainFixtures.Now;

    private static RoleCatalog CatalogWithApplicationPermissions() => DomainFixtures.CatalogWithApplicationPermissions();

    private static (int Roles, long Version, long LastSequence, int ApplicationPermissions) Snapshot(RoleCatalog catalog) =>
        (catalog.Roles.Count, catalog.Version, catalog.LastSequence, catalog.ApplicationPermissions.Count);

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_the_compliance_role_exists_only_with_the_data_governance_add_on()
    {
        Assert.DoesNotContain(AdminRoleMatrix.ComplianceAdmin, RoleCatalog.WithPredefinedRoles(Now, []).Roles.Select(role => role.Id));
        Assert.Contains(AdminRoleMatrix.ComplianceAdmin, RoleCatalog.WithPredefinedRoles(Now, [AddOn.DataGovernance]).Roles.Select(role => role.Id));
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_the_team_administrator_role_cannot_be_edited()
    {
        var catalog = RoleCatalog.WithPredefinedRoles(Now, []);

        var error = Assert.Throws<DomainException>(() => catalog.SetPermissions(AdminRoleMatrix.TeamAdmin, ["admin.dashboard.view"]));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(AdminPermissions.All.Count, catalog.Get(AdminRoleMatrix.TeamAdmin).PermissionIds.Length);
    }

    [Fact, Trait("Rule", "ROLE-2")]
    public void ROLE2_a_new_catalog_holds_the_eight_predefined_roles_with_their_matrix_permissions()
    {
        var catalog = RoleCatalog.WithPredefinedRoles(Now, [AddOn.DataGovernance]);

        Assert.Equal(AdminRoleMatrix.RoleIds, catalog.Roles.Select(role => role.Id));
        Assert.Equal(1, catalog.Version);
        Assert.Null(catalog.RetiringRoleId);
        Assert.Empty(catalog.ApplicationPermissions);
        for (var column = 0; column < AdminRoleMatrix.RoleIds.Count; column++)
        {
            var role = catalog.Roles[column];
            var expected = AdminRoleMatrix.Rows
                .Where(row => row.Cells[column] == MatrixCell.Granted)
                .Select(row => row.PermissionId)
                .Concat(column == 0 ? AdminPermissions.ServicePermissions.Select(permission => permission.Id) : [])
                .Order(StringComparer.Ordinal);
            Assert.Equal(expected, role.PermissionIds);
            Assert.True(role.Predefined);
            Assert.Equal(AdminRoleMatrix.RoleDisplayNames[role.Id], role.DisplayName);
            Assert.Equal(Now, role.CreateTime);
            Assert.Equal(column + 1, role.Sequence);
        }

        Assert.Equal(AdminPermissions.All.Count, catalog.Get(AdminRoleMatrix.TeamAdmin).PermissionIds.Length);
        Assert.DoesNotContain("admin.team_folders.create_remove", catalog.Get(AdminRoleMatrix.UserManagementAdmin).PermissionIds);
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_the_catalog_lists_admin_permissions_first_then_application_permissions_in_registration_order()
    {
        var catalog = CatalogWithApplicationPermissions();

        var permissions = catalog.Permissions.ToArray();

        var admin = AdminPermissions.All.Count;
        Assert.Equal(admin + 3, permissions.Length);
        Assert.Equal(AdminRoleMatrix.Rows.Select(row => row.PermissionId), permissions.Take(39).Select(permission => permission.Id));
        Assert.Equal([AdminPermissions.UnitsManage, AdminPermissions.RolesManage], permissions.Skip(39).Take(2).Select(permission => permission.Id));
        Assert.All(permissions.Take(admin), permission => Assert.Equal(PermissionKind.Admin, permission.Kind));
        Assert.Equal(["documents.read", "documents.write", "members.invite"], permissions.Skip(admin).Select(permission => permission.Id));
        Assert.All(permissions.Skip(admin), permission => Assert.Equal(PermissionKind.Application, permission.Kind));
        Assert.Equal("Invite members", permissions[^1].Description);
    }

    [Fact, Trait("Rule", "ROLE-2")]
    public void ROLE2_a_new_role_can_be_created_from_scratch()
    {
        var catalog = CatalogWithApplicationPermissions();
        var version = catalog.Version;
        var later = Now.AddHours(1);

        var role = catalog.CreateRole("editor", "Editor", ["documents.write", "documents.read", "documents.write", "admin.dashboard.view"], later);

        Assert.Equal("editor", role.Id);
        Assert.Equal("Editor", role.DisplayName);
        Assert.Equal(["admin.dashboard.view", "documents.read", "documents.write"], role.PermissionIds);
        Assert.False(role.Predefined);
        Assert.Equal(later, role.CreateTime);
        Assert.Same(role, catalog.Get("editor"));
        Assert.Equal(9, catalog.Roles.Count);
        Assert.True(catalog.Version > version);
    }

    [Fact, Trait("Rule", "ROLE-5")]
    public void ROLE5_a_new_role_has_the_highest_sequence_so_it_lists_first_newest_first()
    {
        var catalog = CatalogWithApplicationPermissions();

        var first = catalog.CreateRole("first", "First", [], Now);
        var second = catalog.CreateRole("second", "Second", ["documents.read"], Now);

        Assert.True(first.Sequence > catalog.Roles.Where(role => role.Predefined).Max(role => role.Sequence));
        Assert.True(second.Sequence > first.Sequence);
        Assert.Equal("second", catalog.Roles.MaxBy(role => role.Sequence)!.Id);
        Assert.Equal(second.Sequence, catalog.LastSequence);
        Assert.Single(second.PermissionIds);
    }

    [Fact, Trait("Rule", "ROLE-6")]
    public void ROLE6_a_role_id_already_taken_is_refused_and_changes_nothing()
    {
        var catalog = CatalogWithApplicationPermissions();
        var before = Snapshot(catalog);

        var error = Assert.Throws<DomainException>(() => catalog.CreateRole(AdminRoleMatrix.SupportAdmin, "Another name", [], Now));

        Assert.Equal(DomainError.AlreadyExists, error.Error);
        Assert.Equal(before, Snapshot(catalog));
    }

    [Fact, Trait("Rule", "ROLE-6")]
    public void ROLE6_role_names_are_unique_case_insensitively()
    {
        var catalog = CatalogWithApplicationPermissions();
        catalog.CreateRole("unit-a-admin", "Administrator Unit A", [], Now);
        var before = Snapshot(catalog);

        var predefined = Assert.Throws<DomainException>(() => catalog.CreateRole("x", "TEAM ADMINISTRATOR", [], Now));
        var custom = Assert.Throws<DomainException>(() => catalog.CreateRole("y", "administrator unit a", [], Now));

        Assert.Equal(DomainError.AlreadyExists, predefined.Error);
        Assert.Equal(DomainError.AlreadyExists, custom.Error);
        Assert.Equal(before, Snapshot(catalog));
        catalog.CreateRole("unit-b-admin", "Administrator Unit B", [], Now);
        Assert.Equal(before.Roles + 1, catalog.Roles.Count);
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_a_role_with_an_unknown_permission_is_refused_and_changes_nothing()
    {
        var catalog = CatalogWithApplicationPermissions();
        var before = Snapshot(catalog);

        var error = Assert.Throws<DomainException>(() => catalog.CreateRole("editor", "Editor", ["documents.read", "documents.delete"], Now));

        Assert.Equal(DomainError.NotFound, error.Error);
        Assert.Contains("documents.delete", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(catalog));
        Assert.DoesNotContain(catalog.Roles, role => role.Id == "editor");
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_a_role_with_too_many_permissions_is_refused()
    {
        var catalog = CatalogWithApplicationPermissions();
        var before = Snapshot(catalog);
        var tooMany = Enumerable.Repeat("documents.read", RoleCatalog.MaxPermissionsPerRole + 1).ToArray();

        var error = Assert.Throws<DomainException>(() => catalog.CreateRole("editor", "Editor", tooMany, Now));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("permission_ids", error.Field);
        Assert.Equal(before, Snapshot(catalog));
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public void ROLE3_set_permissions_replaces_the_role_permissions()
    {
        var catalog = CatalogWithApplicationPermissions();
        catalog.CreateRole("editor", "Editor", ["documents.read", "documents.write"], Now);
        var version = catalog.Version;

        var updated = catalog.SetPermissions("editor", ["members.invite"]);

        Assert.Equal(["members.invite"], updated.PermissionIds);
        Assert.Equal(["members.invite"], catalog.Get("editor").PermissionIds);
        Assert.Equal("Editor", updated.DisplayName);
        Assert.True(catalog.Version > version);
    }

    [Fact, Trait("Rule", "ROLE-2")]
    public void ROLE2_a_predefined_role_can_be_edited()
    {
        var catalog = RoleCatalog.WithPredefinedRoles(Now, [AddOn.DataGovernance]);

        catalog.SetPermissions(AdminRoleMatrix.BillingAdmin, ["admin.dashboard.view"]);

        Assert.Equal(["admin.dashboard.view"], catalog.Get(AdminRoleMatrix.BillingAdmin).PermissionIds);
        Assert.True(catalog.Get(AdminRoleMatrix.BillingAdmin).Predefined);
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public void ROLE3_set_permissions_refuses_unknown_roles_and_permissions_and_changes_nothing()
    {
        var catalog = CatalogWithApplicationPermissions();
        catalog.CreateRole("editor", "Editor", ["documents.read"], Now);
        var before = Snapshot(catalog);

        var unknownRole = Assert.Throws<DomainException>(() => catalog.SetPermissions("nobody", ["documents.read"]));
        var unknownPermission = Assert.Throws<DomainException>(() => catalog.SetPermissions("editor", ["documents.write", "nope.nope"]));

        Assert.Equal(DomainError.NotFound, unknownRole.Error);
        Assert.Equal(DomainError.NotFound, unknownPermission.Error);
        Assert.Equal(before, Snapshot(catalog));
        Assert.Equal(["documents.read"], catalog.Get("editor").PermissionIds);
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public void ROLE3_rename_changes_the_name_and_keeps_the_permissions()
    {
        var catalog = CatalogWithApplicationPermissions();
        catalog.CreateRole("editor", "Editor", ["documents.read"], Now);
        var version = catalog.Version;

        var renamed = catalog.Rename("editor", "Content editor");

        Assert.Equal("Content editor", renamed.DisplayName);
        Assert.Equal("Content editor", catalog.Get("editor").DisplayName);
        Assert.Equal(["documents.read"], renamed.PermissionIds);
        Assert.True(catalog.Version > version);
    }

    [Fact, Trait("Rule", "ROLE-6")]
    public void ROLE6_rename_refuses_another_role_name_but_allows_changing_the_case_of_its_own()
    {
        var catalog = CatalogWithApplicationPermissions();
        catalog.CreateRole("editor", "Editor", [], Now);
        var before = Snapshot(catalog);

        var error = Assert.Throws<DomainException>(() => catalog.Rename("editor", "billing ADMINISTRATOR"));

        Assert.Equal(DomainError.AlreadyExists, error.Error);
        Assert.Equal(before, Snapshot(catalog));
        Assert.Equal("Editor", catalog.Get("editor").DisplayName);

        catalog.Rename("editor", "EDITOR");
        Assert.Equal("EDITOR", catalog.Get("editor").DisplayName);
        Assert.Equal(DomainError.NotFound, Assert.Throws<DomainException>(() => catalog.Rename("nobody", "Nobody")).Error);
    }

    [Fact, Trait("Rule", "ROLE-4")]
    public void ROLE4_restore_gives_a_predefined_role_its_original_permissions()
    {
        var catalog = RoleCatalog.WithPredefinedRoles(Now, [AddOn.DataGovernance]);
        var original = catalog.Get(AdminRoleMatrix.SupportAdmin).PermissionIds;
        catalog.SetPermissions(AdminRoleMatrix.SupportAdmin, ["admin.users.impersonate"]);
        catalog.Rename(AdminRoleMatrix.SupportAdmin, "Helpdesk");
        var version = catalog.Version;

        Assert.Equal(original, RoleCatalog.OriginalPermissions(catalog.Get(AdminRoleMatrix.SupportAdmin)));
        var restored = catalog.Restore(AdminRoleMatrix.SupportAdmin, [AddOn.DataGovernance], Now);

        Assert.Equal(original, restored.PermissionIds);
        Assert.Equal(original, catalog.Get(AdminRoleMatrix.SupportAdmin).PermissionIds);
        Assert.Equal(AdminRoleMatrix.OriginalPermissions(AdminRoleMatrix.SupportAdmin).Order(StringComparer.Ordinal), restored.PermissionIds);
        Assert.True(catalog.Version > version);
    }

    [Theory, Trait("Rule", "ROLE-2"), Trait("Rule", "ROLE-4"), Trait("Rule", "ADM-3")]
    [InlineData(AdminRoleMatrix.TeamAdmin)]
    [InlineData(AdminRoleMatrix.SupportAdmin)]
    [InlineData(AdminRoleMatrix.ComplianceAdmin)]
    public void ROLE2_a_predefined_role_is_never_deleted_nor_its_id_taken_by_a_custom_role(string roleId)
    {
        var catalog = RoleCatalog.WithPredefinedRoles(Now, [AddOn.DataGovernance]);
        var before = Snapshot(catalog);

        var deletion = Assert.Throws<DomainException>(() => catalog.BeginRetirement(roleId));
        var creation = Assert.Throws<DomainException>(() => catalog.CreateRole(roleId, "Lookalike", [], Now));

        Assert.Equal(DomainError.FailedPrecondition, deletion.Error);
        Assert.Contains("never deleted", deletion.Message, StringComparison.Ordinal);
        Assert.Equal(DomainError.AlreadyExists, creation.Error);
        Assert.Equal(before, Snapshot(catalog));
        Assert.Null(catalog.RetiringRoleId);
    }

    [Fact, Trait("Rule", "ROLE-4"), Trait("Rule", "ADM-3")]
    public void ROLE4_restore_puts_back_a_predefined_role_missing_from_the_catalog_only_where_the_plan_ships_it()
    {
        var catalog = RoleCatalog.WithPredefinedRoles(Now, []);
        catalog.Roles.RemoveAll(role => role.Id == AdminRoleMatrix.SupportAdmin);

        var restored = catalog.Restore(AdminRoleMatrix.SupportAdmin, [], Now);
        var compliance = Assert.Throws<DomainException>(() => catalog.Restore(AdminRoleMatrix.ComplianceAdmin, [], Now));
        var lookalike = Assert.Throws<DomainException>(() => catalog.CreateRole(AdminRoleMatrix.ComplianceAdmin, "Compliance", [], Now));

        Assert.True(restored.Predefined);
        Assert.Equal(AdminRoleMatrix.OriginalPermissions(AdminRoleMatrix.SupportAdmin).Order(StringComparer.Ordinal), restored.PermissionIds);
        Assert.Equal(restored, catalog.Get(AdminRoleMatrix.SupportAdmin));
        Assert.Equal(DomainError.NotFound, compliance.Error);
        Assert.Equal(DomainError.InvalidArgument, lookalike.Error);
    }

    [Fact, Trait("Rule", "ROLE-4")]
    public void ROLE4_restore_refuses_a_custom_role_and_changes_nothing()
    {
        var catalog = CatalogWithApplicationPermissions();
        catalog.CreateRole("editor", "Editor", ["documents.read"], Now);
        var before = Snapshot(catalog);

        var error = Assert.Throws<DomainException>(() => catalog.Restore("editor", [AddOn.DataGovernance], Now));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(before, Snapshot(catalog));
        Assert.Equal(["documents.read"], catalog.Get("editor").PermissionIds);
        Assert.Empty(RoleCatalog.OriginalPermissions(catalog.Get("editor")));
        Assert.Equal(DomainError.NotFound, Assert.Throws<DomainException>(() => catalog.Restore("nobody", [AddOn.DataGovernance], Now)).Error);
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_application_permissions_under_the_reserved_admin_prefix_are_refused()
    {
        var catalog = RoleCatalog.WithPredefinedRoles(Now, [AddOn.DataGovernance]);
        var before = Snapshot(catalog);

        var reserved = Assert.Throws<DomainException>(() => catalog.AddApplicationPermission("admin.something.new", "Sneaky"));
        var existingAdmin = Assert.Throws<DomainException>(() => catalog.AddApplicationPermission("admin.users.impersonate", "Sneaky"));

        Assert.Equal(DomainError.InvalidArgument, reserved.Error);
        Assert.Equal("permission_id", reserved.Field);
        Assert.Equal(DomainError.InvalidArgument, existingAdmin.Error);
        Assert.Equal("permission_id", existingAdmin.Field);
        Assert.Equal(before, Snapshot(catalog));
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_a_duplicate_application_permission_is_refused_and_changes_nothing()
    {
        var catalog = CatalogWithApplicationPermissions();
        var before = Snapshot(catalog);

        var error = Assert.Throws<DomainException>(() => catalog.AddApplicationPermission("documents.read", "Again"));

        Assert.Equal(DomainError.AlreadyExists, error.Error);
        Assert.Equal(before, Snapshot(catalog));
        Assert.Equal("Read documents", Assert.Single(catalog.ApplicationPermissions, permission => permission.Id == "documents.read").Description);
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void CHK4_version_increases_on_every_change()
    {
        var catalog = RoleCatalog.WithPredefinedRoles(Now, [AddOn.DataGovernance]);
        var versions = new List<long> { catalog.Version };
        void Record() => versions.Add(catalog.Version);

        catalog.AddApplicationPermission("documents.read", "Read");
        Record();
        catalog.CreateRole("editor", "Editor", ["documents.read"], Now);
        Record();
        catalog.SetPermissions("editor", []);
        Record();
        catalog.Rename("editor", "Writer");
        Record();
        catalog.SetPermissions(AdminRoleMatrix.ReportsAdmin, ["documents.read"]);
        Record();
        catalog.Restore(AdminRoleMatrix.ReportsAdmin, [AddOn.DataGovernance], Now);
        Record();
        catalog.BeginRetirement("editor");
        Record();
        catalog.CancelRetirement();
        Record();
        catalog.BeginRetirement("editor");
        Record();
        catalog.Remove("editor");
        Record();

        for (var i = 1; i < versions.Count; i++)
        {
            Assert.True(versions[i] > versions[i - 1], $"change {i} did not increase the version: {string.Join(", ", versions)}");
        }
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_compile_gives_each_role_exactly_its_permissions_as_a_set()
    {
        var catalog = CatalogWithApplicationPermissions();
        catalog.CreateRole("editor", "Editor", ["documents.read", "documents.write", "admin.dashboard.view"], Now);

        var table = catalog.Compile();

        Assert.Equal(catalog.Version, table.Version);
        Assert.Equal(catalog.Permissions.Select(permission => permission.Id), table.Permissions);
        Assert.Equal(catalog.Roles.Select(role => role.Id), table.Roles.Select(role => role.Id));
        foreach (var role in catalog.Roles)
        {
            var compiled = table.FindRole(role.Id);
            Assert.NotNull(compiled);
            Assert.Equal(role.DisplayName, compiled.DisplayName);
            Assert.True(compiled.Assignable);
            Assert.Equal(role.PermissionIds.Length, compiled.Permissions.Count);
            for (var index = 0; index < table.Permissions.Length; index++)
            {
                Assert.Equal(role.PermissionIds.Contains(table.Permissions[index]), compiled.Permissions.Contains(index));
            }
        }

        Assert.True(table.TryGetPermissionIndex("documents.write", out var writeIndex));
        Assert.Equal(AdminPermissions.All.Count + 1, writeIndex);
        Assert.False(table.TryGetPermissionIndex("documents.delete", out _));
        Assert.Null(table.FindRole("nobody"));
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_a_role_table_answers_the_union_of_several_roles_and_ignores_unknown_roles()
    {
        var catalog = CatalogWithApplicationPermissions();
        catalog.CreateRole("reader", "Reader", ["documents.read"], Now);
        catalog.CreateRole("inviter", "Inviter", ["members.invite"], Now);
        var table = catalog.Compile();
        table.TryGetPermissionIndex("documents.read", out var read);
        table.TryGetPermissionIndex("members.invite", out var invite);
        table.TryGetPermissionIndex("documents.write", out var write);

        var union = table.PermissionsOf(["reader", "inviter", "deleted-role"]);

        Assert.Equal(2, union.Count);
        Assert.True(union.Contains(read));
        Assert.True(union.Contains(invite));
        Assert.False(union.Contains(write));
        Assert.Equal(0, table.PermissionsOf([]).Count);
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_a_retiring_role_is_not_assignable_until_retirement_is_cancelled()
    {
        var catalog = CatalogWithApplicationPermissions();
        catalog.CreateRole("editor", "Editor", ["documents.read"], Now);

        catalog.BeginRetirement("editor");
        var retiring = catalog.Compile();
        catalog.CancelRetirement();
        var cancelled = catalog.Compile();

        Assert.False(retiring.FindRole("editor")!.Assignable);
        Assert.Equal(1, retiring.FindRole("editor")!.Permissions.Count);
        Assert.All(retiring.Roles.Where(role => role.Id != "editor"), role => Assert.True(role.Assignable));
        Assert.Null(catalog.RetiringRoleId);
        Assert.True(cancelled.FindRole("editor")!.Assignable);
        Assert.True(cancelled.Version > retiring.Version);
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_begin_retirement_of_an_unknown_role_is_refused_and_remove_deletes_the_role()
    {
        var catalog = CatalogWithApplicationPermissions();
        catalog.CreateRole("editor", "Editor", ["documents.read"], Now);
        var before = Snapshot(catalog);

        var error = Assert.Throws<DomainException>(() => catalog.BeginRetirement("nobody"));
        Assert.Equal(DomainError.NotFound, error.Error);
        Assert.Equal(before, Snapshot(catalog));
        Assert.Null(catalog.RetiringRoleId);

        catalog.BeginRetirement("editor");
        Assert.Equal("editor", catalog.RetiringRoleId);
        catalog.Remove("editor");

        Assert.Null(catalog.RetiringRoleId);
        Assert.Equal(8, catalog.Roles.Count);
        Assert.Equal(DomainError.NotFound, Assert.Throws<DomainException>(() => catalog.Get("editor")).Error);
        Assert.Null(catalog.Compile().FindRole("editor"));
        catalog.CreateRole("editor", "Editor", [], Now);
        Assert.True(catalog.Compile().FindRole("editor")!.Assignable);
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_removing_another_role_leaves_a_retirement_in_progress()
    {
        var catalog = CatalogWithApplicationPermissions();
        catalog.CreateRole("editor", "Editor", ["documents.read"], Now);
        catalog.CreateRole("viewer", "Viewer", ["documents.read"], Now);

        catalog.BeginRetirement("editor");
        catalog.Remove("viewer");

        Assert.Equal("editor", catalog.RetiringRoleId);
        Assert.False(catalog.Compile().FindRole("editor")!.Assignable);
    }
}
