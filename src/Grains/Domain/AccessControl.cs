namespace Authz.Grains.Domain;

/// <summary>
/// Decides whether a caller may make a request of an organization. What needs no organization state (the
/// operator, platform keys, users asking about themselves) is decided by <see cref="DecideWithoutOrganization"/>
/// wherever the request arrives; the rest by <see cref="OrganizationAccess.Decide"/> inside the organization.
/// </summary>
public static class AccessControl
{
    /// <summary>The verdict, or null when the organization's administrators and settings decide.</summary>
    public static AccessVerdict? DecideWithoutOrganization(Caller caller, string organizationId, AccessRequest request)
    {
        if (request.Rule == AccessRule.Anonymous)
        {
            return AccessVerdict.Allowed("needs no credential");
        }

        switch (caller.Kind)
        {
            case CallerKind.Operator:
                return AccessVerdict.Allowed("the operator");
            case CallerKind.Platform:
                return !request.PlatformAllowed
                    ? AccessVerdict.Denied("API keys may only run checks")
                    : Array.BinarySearch(caller.Organizations, organizationId, StringComparer.Ordinal) >= 0
                        ? AccessVerdict.Allowed("an API key for the organization")
                        : AccessVerdict.Denied($"the API key is not scoped to organization '{organizationId}'");
            case CallerKind.User when caller.OrganizationId != organizationId:
                return AccessVerdict.Denied($"the caller is not a user of organization '{organizationId}'");
            case CallerKind.User when request.Rule == AccessRule.Operator:
                return AccessVerdict.Denied("reserved to the operator");
            case CallerKind.User when request.Rule == AccessRule.Member:
                return AccessVerdict.Allowed("a user of the organization");
            case CallerKind.User when request.SelfAllowed && request.SubjectUserId == caller.Id:
                return AccessVerdict.Allowed("the user asks about themselves");
            case CallerKind.User:
                return null;
            default:
                return AccessVerdict.Denied("no credential");
        }
    }
}

/// <summary>The organization's state that admin decisions read: subscription, administrators, officers, roles and settings.</summary>
public sealed class OrganizationAccess(
    Subscription subscription, Administrators administrators, Officers officers, RoleCatalog roles, OrganizationSettings settings)
{
    private static readonly string[] TeamFolderPermissions = [AdminPermissions.TeamFoldersCreateRemove, AdminPermissions.TeamFoldersManage];

    /// <summary>
    /// The admin permissions the user holds organization-wide: none unless an active administrator; on Standard
    /// all a team administrator has (ADM-2); else their admin role's, plus team folders where ADM-4 grants them.
    /// </summary>
    public IReadOnlySet<string> AdminPermissionsOf(string userId)
    {
        if (administrators.Find(userId) is not { Suspended: false } administrator)
        {
            return new HashSet<string>();
        }

        var roleId = subscription.Plan == Plan.Standard ? AdminRoleMatrix.TeamAdmin : administrator.RoleId;
        var permissions = roles.Roles.Find(role => role.Id == roleId)?.PermissionIds.Where(AdminPermissions.IsAdmin).ToHashSet(StringComparer.Ordinal)
            ?? new HashSet<string>(StringComparer.Ordinal);
        if (subscription.Plan == Plan.Enterprise && settings.TeamFolderDelegation.Grants(roleId))
        {
            permissions.UnionWith(TeamFolderPermissions);
        }

        return permissions;
    }

    /// <summary>Decides a request that <see cref="AccessControl.DecideWithoutOrganization"/> left to the organization.</summary>
    public AccessVerdict Decide(Caller caller, AccessRequest request)
    {
        if (!settings.TrustsEmail(caller.Email))
        {
            return AccessVerdict.Denied("administrative requests are accepted only from the organization's trusted e-mail domains (ORG-5)");
        }

        switch (request.Rule)
        {
            case AccessRule.LegalRepresentative:
                return officers.IsLegalRepresentative(caller.Id)
                    ? AccessVerdict.Allowed("a legal representative")
                    : AccessVerdict.Denied("reserved to the organization's legal representatives (ORG-4)");
            case AccessRule.Administrator:
                return administrators.Find(caller.Id) is { Suspended: false }
                    ? AccessVerdict.Allowed("an administrator")
                    : AccessVerdict.Denied("reserved to the organization's administrators");
            case AccessRule.Permission:
                return DecidePermission(caller, request);
            default:
                return AccessVerdict.Denied("not decided by the organization");
        }
    }

    private AccessVerdict DecidePermission(Caller caller, AccessRequest request)
    {
        var held = AdminPermissionsOf(caller.Id);
        if (request.AdminPowerPermission is { } power && GrantsAdminPower(request) && !held.Contains(power))
        {
            return AccessVerdict.Denied($"granting, changing or removing admin permissions needs '{power}' (ADM-5)");
        }

        var overAdministrator = request.PermissionOverAdministrators is not null
            && request.SubjectUserId is { } subject && IsPrivileged(subject);
        var required = overAdministrator ? request.PermissionOverAdministrators! : request.Permission!;
        if (held.Contains(required))
        {
            return AccessVerdict.Allowed($"holds '{required}' organization-wide");
        }

        return (request.UnitIds.Length > 0 || request.InSomeUnit) && !overAdministrator
            ? new AccessVerdict(AccessOutcome.DependsOnUnits, $"needs '{required}' in the unit(s)", required)
            : AccessVerdict.Denied($"needs the admin permission '{required}'");
    }

    /// <summary>ADM-7: administrators and officers are never impersonated; whoever could would hold their power.</summary>
    public void RequireImpersonable(string userId)
    {
        if (IsPrivileged(userId))
        {
            throw DomainException.Precondition("administrators, legal representatives and super administrators cannot be impersonated (ADM-7)");
        }
    }

    /// <summary>
    /// Administrators and officers: operations on their accounts need <see cref="AccessRequest.PermissionOverAdministrators"/>,
    /// a team administrator's power (ADM-5), as whoever controls their account holds their power.
    /// </summary>
    private bool IsPrivileged(string userId) => administrators.IsAdministrator(userId) || officers.IsOfficer(userId);

    private bool GrantsAdminPower(AccessRequest request) =>
        request.PermissionIds.Any(AdminPermissions.IsAdmin) || request.RoleIds.Any(roles.GrantsAdminPermissions);
}
