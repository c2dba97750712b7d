using System.Net;

namespace Authz.Grains.Domain;

/// <summary>ADM-4: Enterprise team administrators may grant team-folder management to these admin roles.</summary>
[GenerateSerializer, Immutable, Alias("authz.TeamFolderDelegation")]
public sealed record TeamFolderDelegation(
    [property: Id(0)] bool SupportAdmins,
    [property: Id(1)] bool UserManagementAdmins)
{
    /// <summary>A new instance each time: a grain state's default must never be shared, as reading state fills it in place.</summary>
    public static TeamFolderDelegation None => new(false, false);

    public bool Grants(string roleId) =>
        (roleId == AdminRoleMatrix.SupportAdmin && SupportAdmins) || (roleId == AdminRoleMatrix.UserManagementAdmin && UserManagementAdmins);
}

/// <summary>
/// The organization-wide settings of the admin console. Each setting is changed under the matrix row that
/// governs it (<see cref="PermissionFor"/>); the authentication settings hold SSO, the password policy and the
/// trusted e-mail domains of administrative requests (ORG-5).
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.OrganizationSettings")]
public sealed record OrganizationSettings(
    [property: Id(0)] bool EarlyAccessEnrolled,
    [property: Id(1)] bool SsoEnabled,
    [property: Id(2)] string[] TrustedEmailDomains,
    [property: Id(3)] int MinimumPasswordLength,
    [property: Id(4)] bool ExternalSharingAllowed,
    [property: Id(5)] bool PaperEnabled,
    [property: Id(6)] bool DeviceApprovalRequired,
    [property: Id(7)] string[] AllowedNetworks,
    [property: Id(8)] bool MemberSharedLinksAllowed,
    [property: Id(9)] string[] FileEditingApps,
    [property: Id(10)] int DataRetentionDays,
    [property: Id(11)] bool SecurityAlertsEnabled,
    [property: Id(12)] bool AutomaticClassificationEnabled,
    [property: Id(13)] TeamFolderDelegation TeamFolderDelegation)
{
    public const int MaxListEntries = 100;
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;
    public const int MaxRetentionDays = 3650;

    /// <summary>A new instance each time: a grain state's default must never be shared, as reading state fills it in place.</summary>
    public static OrganizationSettings Default => new(
        EarlyAccessEnrolled: false, SsoEnabled: false, TrustedEmailDomains: [], MinimumPasswordLength: 10,
        ExternalSharingAllowed: true, PaperEnabled: true, DeviceApprovalRequired: false, AllowedNetworks: [],
        MemberSharedLinksAllowed: true, FileEditingApps: [], DataRetentionDays: 0, SecurityAlertsEnabled: true,
        AutomaticClassificationEnabled: false, TeamFolderDelegation.None);

    /// <summary>The settings, by the field names of the API's update mask, with the admin permission each needs.</summary>
    private static readonly Dictionary<string, string> Permissions = new(StringComparer.Ordinal)
    {
        ["early_access_enrolled"] = "admin.early_access.enroll",
        ["authentication"] = AdminPermissions.AuthenticationManage,
        ["external_sharing_allowed"] = "admin.sharing.manage",
        ["paper_enabled"] = "admin.paper.manage",
        ["device_approval_required"] = "admin.device_approvals.manage",
        ["allowed_networks"] = "admin.network_control.manage",
        ["member_shared_links_allowed"] = "admin.member_shared_links.manage",
        ["file_editing_apps"] = "admin.file_editing_apps.manage",
        ["data_retention_days"] = "admin.data_retention.manage",
        ["security_alerts_enabled"] = "admin.security_alerts.manage",
        ["automatic_classification_enabled"] = "admin.data_classification.manage",
        // ADM-4 changes what admin roles hold, which ADM-5 reserves to team administrators.
        ["team_folder_delegation"] = AdminPermissions.AdminRolesCreateAssign,
    };

    public static IReadOnlyCollection<string> Paths => Permissions.Keys;

    /// <summary>The admin permission that governs a setting; InvalidArgument for an unknown path.</summary>
    public static string PermissionFor(string path) =>
        Permissions.TryGetValue(path, out var permission)
            ? permission
            : throw DomainException.Invalid("update_mask", $"'{path}' is not a setting: use one of {string.Join(", ", Permissions.Keys)}");

    /// <summary>
    /// These settings with the fields named by <paramref name="paths"/> taken from <paramref name="proposed"/>,
    /// validated. <paramref name="callerEmail"/>, when an administrator changes the trusted domains, must stay
    /// inside them, so nobody locks themselves out (ORG-5).
    /// </summary>
    public OrganizationSettings With(OrganizationSettings proposed, IReadOnlyCollection<string> paths, Subscription subscription, string? callerEmail)
    {
        if (paths.Count == 0)
        {
            throw DomainException.Invalid("update_mask", "update_mask must name at least one setting");
        }

        var updated = this;
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            PermissionFor(path);
            updated = path switch
            {
                "early_access_enrolled" => updated with { EarlyAccessEnrolled = proposed.EarlyAccessEnrolled },
                "authentication" => updated with
                {
                    SsoEnabled = proposed.SsoEnabled,
                    TrustedEmailDomains = TrustedDomains(proposed.TrustedEmailDomains, callerEmail),
                    MinimumPasswordLength = PasswordLength(proposed.MinimumPasswordLength),
                },
                "external_sharing_allowed" => updated with { ExternalSharingAllowed = proposed.ExternalSharingAllowed },
                "paper_enabled" => updated with { PaperEnabled = proposed.PaperEnabled },
                "device_approval_required" => updated with { DeviceApprovalRequired = proposed.DeviceApprovalRequired },
                "allowed_networks" => updated with { AllowedNetworks = Networks(proposed.AllowedNetworks) },
                "member_shared_links_allowed" => updated with { MemberSharedLinksAllowed = proposed.MemberSharedLinksAllowed },
                "file_editing_apps" => updated with { FileEditingApps = Apps(proposed.FileEditingApps) },
                "data_retention_days" => updated with { DataRetentionDays = RetentionDays(proposed.DataRetentionDays) },
                "security_alerts_enabled" => updated with { SecurityAlertsEnabled = proposed.SecurityAlertsEnabled },
                "automatic_classification_enabled" => updated with { AutomaticClassificationEnabled = proposed.AutomaticClassificationEnabled },
                _ => updated with { TeamFolderDelegation = Delegation(proposed.TeamFolderDelegation, subscription) },
            };
        }

        return updated;
    }

    /// <summary>ORG-5: whether an administrative request from this verified e-mail is accepted.</summary>
    public bool TrustsEmail(string? email) =>
        TrustedEmailDomains.Length == 0 || (email is not null && TrustedEmailDomains.Contains(DomainOf(email), StringComparer.OrdinalIgnoreCase));

    private static string DomainOf(string email) => email[(email.LastIndexOf('@') + 1)..];

    private static string[] TrustedDomains(string[] domains, string? callerEmail)
    {
        var normalized = List(domains, "settings.authentication.trusted_email_domains", domain =>
            Uri.CheckHostName(domain) == UriHostNameType.Dns && domain.Contains('.') ? domain.ToLowerInvariant() : null);
        var settings = Default with { TrustedEmailDomains = normalized };
        if (callerEmail is not null && !settings.TrustsEmail(callerEmail))
        {
            throw DomainException.Precondition(
                $"your own e-mail domain '{DomainOf(callerEmail)}' must stay among the trusted domains, or your next administrative request would be refused (ORG-5)");
        }

        return normalized;
    }

    /// <summary>CIDR blocks; one with host bits set (10.0.0.1/8) is refused rather than silently widened.</summary>
    private static string[] Networks(string[] networks) =>
        List(networks, "settings.allowed_networks", network =>
            IPNetwork.TryParse(network, out var parsed) && network.IndexOf('/') is > 0 and var slash
            && IPAddress.TryParse(network[..slash], out var address) && address.Equals(parsed.BaseAddress)
                ? parsed.ToString()
                : null);

    private static string[] Apps(string[] apps) =>
        List(apps, "settings.file_editing_apps", app => Ids.IsValid(app) ? app : null);

    private static string[] List(string[] values, string field, Func<string, string?> normalize)
    {
        if (values.Length > MaxListEntries)
        {
            throw DomainException.Invalid(field, $"{field} holds at most {MaxListEntries} entries");
        }

        return values.Select(value => normalize(value.Trim()) ?? throw DomainException.Invalid(field, $"'{value}' is not valid in {field}"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static int PasswordLength(int length) =>
        length is >= MinPasswordLength and <= MaxPasswordLength
            ? length
            : throw DomainException.Invalid("settings.authentication.minimum_password_length",
                $"the minimum password length must be {MinPasswordLength} to {MaxPasswordLength}");

    private static int RetentionDays(int days) =>
        days is >= 0 and <= MaxRetentionDays
            ? days
            : throw DomainException.Invalid("settings.data_retention_days", $"data retention is 0 (keep) to {MaxRetentionDays} days");

    private static TeamFolderDelegation Delegation(TeamFolderDelegation delegation, Subscription subscription) =>
        subscription.Plan == Plan.Enterprise || delegation == TeamFolderDelegation.None
            ? delegation
            : throw DomainException.Precondition("granting team-folder management to Support and User-management administrators needs the Enterprise plan (ADM-4)");
}
