using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class AdminRoleMatrixTests
{
    private const string SeedRelativePath = "shared/seeds/team-admin-roles-matrix.txt";

    private static int Column(string roleId) => AdminRoleMatrix.RoleIds.ToList().IndexOf(roleId);

    private static AdminPermissionRow Row(string permissionId) => Assert.Single(AdminRoleMatrix.Rows, row => row.PermissionId == permissionId);

    private static MatrixCell Cell(string permissionId, string roleId) => Row(permissionId).Cells[Column(roleId)];

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_there_are_eight_admin_roles_in_matrix_column_order()
    {
        Assert.Equal(
            ["team-admin", "user-management-admin", "support-admin", "billing-admin", "content-admin", "compliance-admin", "reports-admin", "security-admin"],
            AdminRoleMatrix.RoleIds);
        Assert.Equal(AdminRoleMatrix.RoleIds.Order(StringComparer.Ordinal), AdminRoleMatrix.RoleDisplayNames.Keys.Order(StringComparer.Ordinal));
        Assert.All(AdminRoleMatrix.RoleIds, roleId => Assert.True(AdminRoleMatrix.IsPredefinedRole(roleId)));
        Assert.False(AdminRoleMatrix.IsPredefinedRole("custom-role"));
        Assert.False(AdminRoleMatrix.IsPredefinedRole("Team-Admin"));
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_the_matrix_has_39_rows_with_one_cell_per_role()
    {
        Assert.Equal(39, AdminRoleMatrix.Rows.Count);
        Assert.All(AdminRoleMatrix.Rows, row => Assert.Equal(8, row.Cells.Count));
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_permission_ids_are_unique_well_formed_and_under_the_admin_prefix()
    {
        var ids = AdminRoleMatrix.Rows.Select(row => row.PermissionId).ToArray();

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id =>
        {
            Assert.StartsWith("admin.", id, StringComparison.Ordinal);
            Assert.Equal(id, Ids.RequirePermission(id, "permission_id"));
        });
        Assert.All(AdminRoleMatrix.Rows, row =>
        {
            Assert.False(string.IsNullOrWhiteSpace(row.Description));
            Assert.False(string.IsNullOrWhiteSpace(row.SourceLabel));
            Assert.Contains(row.Section, new[] { "organization", "members", "view", "account" });
        });
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_team_admin_holds_every_permission()
    {
        Assert.All(AdminRoleMatrix.Rows, row => Assert.Equal(MatrixCell.Granted, row.Cells[Column(AdminRoleMatrix.TeamAdmin)]));
        Assert.Equal(AdminRoleMatrix.Rows.Select(row => row.PermissionId), AdminRoleMatrix.OriginalPermissions(AdminRoleMatrix.TeamAdmin));
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_only_team_admin_may_sign_in_as_a_user()
    {
        Assert.Equal(["team-admin"], AdminRoleMatrix.RoleIds.Where(roleId => Cell("admin.users.impersonate", roleId) == MatrixCell.Granted));
        Assert.All(AdminRoleMatrix.RoleIds.Skip(1), roleId => Assert.Equal(MatrixCell.Denied, Cell("admin.users.impersonate", roleId)));
    }

    [Fact, Trait("Rule", "ADM-5")]
    public void ADM5_managing_admin_roles_and_admin_passwords_is_reserved_to_team_admins()
    {
        foreach (var permissionId in new[] { "admin.admin_roles.create_assign", "admin.admin_roles.suspend_remove", "admin.admins.reset_password" })
        {
            Assert.Equal(["team-admin"], AdminRoleMatrix.RoleIds.Where(roleId => Cell(permissionId, roleId) == MatrixCell.Granted));
        }
    }

    [Fact, Trait("Rule", "ADM-4")]
    public void ADM4_team_folder_management_is_N_star_for_user_management_and_support_only()
    {
        foreach (var permissionId in new[] { "admin.team_folders.create_remove", "admin.team_folders.manage" })
        {
            Assert.Equal(MatrixCell.DeniedUnlessEnterpriseToggle, Cell(permissionId, AdminRoleMatrix.UserManagementAdmin));
            Assert.Equal(MatrixCell.DeniedUnlessEnterpriseToggle, Cell(permissionId, AdminRoleMatrix.SupportAdmin));
            Assert.Equal(MatrixCell.Granted, Cell(permissionId, AdminRoleMatrix.TeamAdmin));
            Assert.Equal(MatrixCell.Denied, Cell(permissionId, AdminRoleMatrix.BillingAdmin));
            Assert.Equal(MatrixCell.Granted, Cell(permissionId, AdminRoleMatrix.ContentAdmin));
            Assert.Equal(MatrixCell.Granted, Cell(permissionId, AdminRoleMatrix.ComplianceAdmin));
            Assert.Equal(MatrixCell.Denied, Cell(permissionId, AdminRoleMatrix.ReportsAdmin));
            Assert.Equal(MatrixCell.Granted, Cell(permissionId, AdminRoleMatrix.SecurityAdmin));
        }

        var starred = AdminRoleMatrix.Rows
            .SelectMany(row => row.Cells.Select((cell, column) => (row.PermissionId, RoleId: AdminRoleMatrix.RoleIds[column], cell)))
            .Where(entry => entry.cell == MatrixCell.DeniedUnlessEnterpriseToggle)
            .Select(entry => $"{entry.PermissionId}/{entry.RoleId}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "admin.team_folders.create_remove/support-admin",
                "admin.team_folders.create_remove/user-management-admin",
                "admin.team_folders.manage/support-admin",
                "admin.team_folders.manage/user-management-admin",
            ],
            starred);
    }

    [Fact, Trait("Rule", "ADM-4")]
    public void ADM4_N_star_cells_are_not_part_of_the_original_permissions()
    {
        Assert.DoesNotContain("admin.team_folders.create_remove", AdminRoleMatrix.OriginalPermissions(AdminRoleMatrix.UserManagementAdmin));
        Assert.DoesNotContain("admin.team_folders.manage", AdminRoleMatrix.OriginalPermissions(AdminRoleMatrix.SupportAdmin));
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_specific_cells_match_the_seed()
    {
        Assert.Equal(MatrixCell.Granted, Cell("admin.licenses.add", AdminRoleMatrix.BillingAdmin));
        Assert.Equal(MatrixCell.Granted, Cell("admin.billing.view", AdminRoleMatrix.BillingAdmin));
        Assert.Equal(MatrixCell.Denied, Cell("admin.billing.view", AdminRoleMatrix.SecurityAdmin));
        Assert.Equal(MatrixCell.Granted, Cell("admin.invite_reminders.send", AdminRoleMatrix.BillingAdmin));
        Assert.Equal(MatrixCell.Granted, Cell("admin.legal_holds.manage", AdminRoleMatrix.ComplianceAdmin));
        Assert.Equal(MatrixCell.Denied, Cell("admin.legal_holds.manage", AdminRoleMatrix.SecurityAdmin));
        Assert.Equal(MatrixCell.Granted, Cell("admin.data_retention.manage", AdminRoleMatrix.ComplianceAdmin));
        Assert.Equal(MatrixCell.Denied, Cell("admin.member_shared_links.manage", AdminRoleMatrix.ComplianceAdmin));
        Assert.Equal(MatrixCell.Denied, Cell("admin.dashboard.view", AdminRoleMatrix.ContentAdmin));
        Assert.Equal(MatrixCell.Granted, Cell("admin.members.reset_password", AdminRoleMatrix.SupportAdmin));
        Assert.Equal(MatrixCell.Denied, Cell("admin.members.delete", AdminRoleMatrix.SupportAdmin));
        Assert.All(AdminRoleMatrix.RoleIds, roleId => Assert.Equal(MatrixCell.Granted, Cell("admin.support_contacts.access", roleId)));
        Assert.Equal(["admin.billing.view", "admin.invite_reminders.send", "admin.licenses.add", "admin.support_contacts.access"],
            AdminRoleMatrix.OriginalPermissions(AdminRoleMatrix.BillingAdmin).Order(StringComparer.Ordinal));
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_original_permissions_of_an_unknown_role_are_refused()
    {
        Assert.Throws<ArgumentException>(() => AdminRoleMatrix.OriginalPermissions("custom-role"));
    }

    [Fact, Trait("Rule", "ADM-3")]
    public void ADM3_every_row_matches_the_seed_file()
    {
        var seed = FindSeed();
        if (seed is null)
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                $"{SeedRelativePath} was not found above {AppContext.BaseDirectory}");
            return;
        }

        var sections = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Impostazioni per tutta l'organizzazione"] = "organization",
            ["Gestione dei membri"] = "members",
            ["Autorizzazioni di visualizzazione"] = "view",
            ["Impostazioni account"] = "account",
        };
        var rows = new List<(string Section, string Label, string[] Cells)>();
        string? section = null;
        foreach (var line in File.ReadAllLines(seed))
        {
            if (!line.Contains('|'))
            {
                continue;
            }

            var fields = line.Split('|').Select(field => field.Trim()).ToList();
            if (fields[^1].Length == 0)
            {
                fields.RemoveAt(fields.Count - 1);
            }

            var cells = fields.Skip(1).ToArray();
            if (cells.All(cell => cell is "Sì" or "No" or "No*"))
            {
                Assert.Equal(8, cells.Length);
                Assert.NotNull(section);
                rows.Add((section, fields[0], cells));
            }
            else
            {
                Assert.True(sections.TryGetValue(fields[0], out section), $"unexpected seed header '{fields[0]}'");
                Assert.Equal(8, cells.Length);
            }
        }

        Assert.Equal(rows.Count, AdminRoleMatrix.Rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var expected = rows[i];
            var actual = AdminRoleMatrix.Rows[i];
            Assert.Equal(expected.Label, actual.SourceLabel);
            Assert.Equal(expected.Section, actual.Section);
            Assert.Equal(
                expected.Cells.Select(cell => cell switch
                {
                    "Sì" => MatrixCell.Granted,
                    "No*" => MatrixCell.DeniedUnlessEnterpriseToggle,
                    _ => MatrixCell.Denied,
                }),
                actual.Cells);
        }
    }

    private static string? FindSeed()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, SeedRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
