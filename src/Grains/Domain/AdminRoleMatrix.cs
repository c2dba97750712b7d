namespace Authz.Grains.Domain;

/// <summary>One cell of the admin roles matrix.</summary>
public enum MatrixCell
{
    Denied,
    Granted,
    /// <summary><c>No*</c>: denied unless an Enterprise team administrator grants it (ADM-4).</summary>
    DeniedUnlessEnterpriseToggle,
}

/// <summary>One row of the matrix: an admin permission and what each predefined admin role holds of it.</summary>
public sealed record AdminPermissionRow(string Section, string PermissionId, string Description, string SourceLabel, IReadOnlyList<MatrixCell> Cells);

/// <summary>
/// The eight predefined admin roles and their permissions (ADM-3), read once from the embedded
/// <c>AdminRoleMatrix.tsv</c>, which encodes <c>seeds/team-admin-roles-matrix.txt</c>.
/// </summary>
public static class AdminRoleMatrix
{
    public const string TeamAdmin = "team-admin";
    public const string UserManagementAdmin = "user-management-admin";
    public const string SupportAdmin = "support-admin";
    public const string BillingAdmin = "billing-admin";
    public const string ContentAdmin = "content-admin";
    public const string ComplianceAdmin = "compliance-admin";
    public const string ReportsAdmin = "reports-admin";
    public const string SecurityAdmin = "security-admin";

    /// <summary>The role ids in matrix column order.</summary>
    public static IReadOnlyList<string> RoleIds { get; } =
        [TeamAdmin, UserManagementAdmin, SupportAdmin, BillingAdmin, ContentAdmin, ComplianceAdmin, ReportsAdmin, SecurityAdmin];

    public static IReadOnlyDictionary<string, string> RoleDisplayNames { get; } = new Dictionary<string, string>
    {
        [TeamAdmin] = "Team administrator",
        [UserManagementAdmin] = "User management administrator",
        [SupportAdmin] = "Support administrator",
        [BillingAdmin] = "Billing administrator",
        [ContentAdmin] = "Content administrator",
        [ComplianceAdmin] = "Compliance administrator",
        [ReportsAdmin] = "Reports administrator",
        [SecurityAdmin] = "Security administrator",
    };

    public static IReadOnlyList<AdminPermissionRow> Rows { get; } = Load();

    /// <summary>The permissions a predefined role ships with (cells marked Granted), in matrix order.</summary>
    public static IReadOnlyList<string> OriginalPermissions(string roleId)
    {
        var column = IndexOf(roleId);
        return Rows.Where(row => row.Cells[column] == MatrixCell.Granted).Select(row => row.PermissionId).ToArray();
    }

    public static bool IsPredefinedRole(string roleId) => RoleDisplayNames.ContainsKey(roleId);

    private static int IndexOf(string roleId)
    {
        for (var i = 0; i < RoleIds.Count; i++)
        {
            if (RoleIds[i] == roleId)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{roleId}' is not a predefined admin role", nameof(roleId));
    }

    private static AdminPermissionRow[] Load()
    {
        using var stream = typeof(AdminRoleMatrix).Assembly.GetManifestResourceStream("AdminRoleMatrix.tsv")
            ?? throw new InvalidOperationException("AdminRoleMatrix.tsv is not embedded");
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .ToArray();
        var header = lines[0].Split('\t');
        if (!header.Skip(4).SequenceEqual(RoleIds))
        {
            throw new InvalidOperationException("AdminRoleMatrix.tsv columns do not match the predefined role ids");
        }

        return lines.Skip(1).Select(ParseRow).ToArray();
    }

    private static AdminPermissionRow ParseRow(string line)
    {
        var fields = line.TrimEnd('\r').Split('\t');
        var cells = fields.Skip(4).Select(cell => cell switch
        {
            "Y" => MatrixCell.Granted,
            "N" => MatrixCell.Denied,
            "N*" => MatrixCell.DeniedUnlessEnterpriseToggle,
            _ => throw new InvalidOperationException($"Unknown matrix cell '{cell}' in '{line}'"),
        }).ToArray();
        return new AdminPermissionRow(fields[0], fields[1], fields[2], fields[3], cells);
    }
}
