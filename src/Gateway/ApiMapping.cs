using Authz.Grains.Changes;
using Authz.Grains.Domain;
using Authz.Grains.Organizations;
using Authz.Grains.Queries;
using Authz.Grains.Units;
using Google.Protobuf.WellKnownTypes;
using V1 = Authz.Api.V1;

namespace Authz.Gateway;

/// <summary>Conversions between the public API messages and the domain records.</summary>
public static class ApiMapping
{
    public static Plan ToDomain(this V1.Plan plan) => plan switch
    {
        V1.Plan.Standard => Plan.Standard,
        V1.Plan.Advanced => Plan.Advanced,
        V1.Plan.Enterprise => Plan.Enterprise,
        _ => throw DomainException.Invalid("plan", "plan must be PLAN_STANDARD, PLAN_ADVANCED or PLAN_ENTERPRISE"),
    };

    public static OrganizationStructure ToDomain(this V1.Structure structure) => structure switch
    {
        V1.Structure.Flat => OrganizationStructure.Flat,
        V1.Structure.Hierarchical => OrganizationStructure.Hierarchical,
        _ => throw DomainException.Invalid("structure", "structure must be STRUCTURE_FLAT or STRUCTURE_HIERARCHICAL"),
    };

    public static AddOn ToDomain(this V1.AddOn addOn) => addOn switch
    {
        V1.AddOn.DataGovernance => AddOn.DataGovernance,
        _ => throw DomainException.Invalid("add_ons", "add_ons may only hold ADD_ON_DATA_GOVERNANCE"),
    };

    public static V1.Organization ToApi(this OrganizationProfile profile) => new()
    {
        OrganizationId = profile.OrganizationId,
        DisplayName = profile.DisplayName,
        Plan = profile.Plan switch
        {
            Plan.Standard => V1.Plan.Standard,
            Plan.Advanced => V1.Plan.Advanced,
            _ => V1.Plan.Enterprise,
        },
        Structure = profile.Structure == OrganizationStructure.Flat ? V1.Structure.Flat : V1.Structure.Hierarchical,
        AddOns = { profile.AddOns.Select(_ => V1.AddOn.DataGovernance) },
        CreateTime = Timestamp.FromDateTimeOffset(profile.CreateTime),
    };

    public static V1.Unit ToApi(this UnitView unit, string organizationId) => new()
    {
        OrganizationId = organizationId,
        UnitId = unit.UnitId,
        DisplayName = unit.DisplayName,
        ParentUnitId = unit.ParentId ?? "",
        Depth = unit.Depth,
        ChildCount = unit.ChildCount,
    };

    public static V1.User ToApi(this UserProfile user, string organizationId) => new()
    {
        OrganizationId = organizationId,
        UserId = user.UserId,
        Email = user.Email,
        GivenName = user.GivenName,
        FamilyName = user.FamilyName,
        State = user.Status switch
        {
            UserStatus.NotActivated => V1.UserState.NotActivated,
            UserStatus.Active => V1.UserState.Active,
            UserStatus.Suspended => V1.UserState.Suspended,
            _ => V1.UserState.Deleted,
        },
        CreateTime = Timestamp.FromDateTimeOffset(user.CreateTime),
        ActivateTime = user.ActivateTime is { } activated ? Timestamp.FromDateTimeOffset(activated) : null,
    };

    public static NewUser ToDomain(this V1.NewUser user, string field) => new(
        Ids.Optional(user.UserId, $"{field}.user_id"),
        Ids.RequireEmail(user.Email, $"{field}.email"),
        DisplayText.Require(user.GivenName, $"{field}.given_name", Ids.MaxPersonNameLength),
        DisplayText.Require(user.FamilyName, $"{field}.family_name", Ids.MaxPersonNameLength));

    public static V1.OrganizationSettings ToApi(this OrganizationSettings settings, string organizationId) => new()
    {
        OrganizationId = organizationId,
        EarlyAccessEnrolled = settings.EarlyAccessEnrolled,
        Authentication = new V1.AuthenticationSettings
        {
            SsoEnabled = settings.SsoEnabled,
            TrustedEmailDomains = { settings.TrustedEmailDomains },
            MinimumPasswordLength = settings.MinimumPasswordLength,
        },
        ExternalSharingAllowed = settings.ExternalSharingAllowed,
        PaperEnabled = settings.PaperEnabled,
        DeviceApprovalRequired = settings.DeviceApprovalRequired,
        AllowedNetworks = { settings.AllowedNetworks },
        MemberSharedLinksAllowed = settings.MemberSharedLinksAllowed,
        FileEditingApps = { settings.FileEditingApps },
        DataRetentionDays = settings.DataRetentionDays,
        SecurityAlertsEnabled = settings.SecurityAlertsEnabled,
        AutomaticClassificationEnabled = settings.AutomaticClassificationEnabled,
        TeamFolderDelegation = new V1.TeamFolderDelegation
        {
            SupportAdmins = settings.TeamFolderDelegation.SupportAdmins,
            UserManagementAdmins = settings.TeamFolderDelegation.UserManagementAdmins,
        },
    };

    /// <summary>The proposed values; which of them apply is the update mask's business.</summary>
    public static OrganizationSettings ToDomain(this V1.OrganizationSettings settings) => new(
        settings.EarlyAccessEnrolled,
        settings.Authentication?.SsoEnabled ?? false,
        [.. settings.Authentication?.TrustedEmailDomains ?? []],
        settings.Authentication?.MinimumPasswordLength ?? 0,
        settings.ExternalSharingAllowed,
        settings.PaperEnabled,
        settings.DeviceApprovalRequired,
        [.. settings.AllowedNetworks],
        settings.MemberSharedLinksAllowed,
        [.. settings.FileEditingApps],
        settings.DataRetentionDays,
        settings.SecurityAlertsEnabled,
        settings.AutomaticClassificationEnabled,
        new TeamFolderDelegation(settings.TeamFolderDelegation?.SupportAdmins ?? false, settings.TeamFolderDelegation?.UserManagementAdmins ?? false));

    public static V1.Officers ToApi(this Officers officers, string organizationId) => new()
    {
        OrganizationId = organizationId,
        LegalRepresentativeUserIds = { officers.LegalRepresentatives },
        SuperAdministratorUserIds = { officers.SuperAdministrators },
    };

    public static V1.AdministratorList ToApi(this AdministratorList list, string organizationId) => new()
    {
        OrganizationId = organizationId,
        Administrators =
        {
            list.Administrators.Select(admin => new V1.Administrator
            {
                UserId = admin.UserId, RoleId = admin.RoleId, Suspended = admin.Suspended, Since = Timestamp.FromDateTimeOffset(admin.Since),
                Active = list.ActiveUserIds.Contains(admin.UserId, StringComparer.Ordinal),
            }),
        },
        Warning = list.Warning ?? "",
    };

    public static V1.ApiKey ToApi(this Grains.Domain.ApiKey key) => new()
    {
        KeyId = key.KeyId,
        DisplayName = key.DisplayName,
        OrganizationIds = { key.OrganizationIds },
        CreateTime = Timestamp.FromDateTimeOffset(key.CreateTime),
        RevokeTime = key.RevokeTime is { } revoked ? Timestamp.FromDateTimeOffset(revoked) : null,
    };

    public static V1.Permission ToApi(this Permission permission) => new()
    {
        PermissionId = permission.Id,
        Description = permission.Description,
        Kind = permission.Kind == PermissionKind.Admin ? V1.PermissionKind.Admin : V1.PermissionKind.Application,
    };

    public static V1.Role ToApi(this RoleDefinition role, string organizationId)
    {
        var original = RoleCatalog.OriginalPermissions(role);
        return new V1.Role
        {
            OrganizationId = organizationId,
            RoleId = role.Id,
            DisplayName = role.DisplayName,
            PermissionIds = { role.PermissionIds },
            PermissionCount = role.PermissionIds.Length,
            Predefined = role.Predefined,
            Modified = role.Predefined && !original.SequenceEqual(role.PermissionIds),
            CreateTime = Timestamp.FromDateTimeOffset(role.CreateTime),
            OriginalPermissionIds = { original },
        };
    }

    public static V1.Assignment ToApi(this AssignmentView assignment, string organizationId, string revisionToken = "") => new()
    {
        OrganizationId = organizationId,
        UserId = assignment.UserId,
        UnitId = assignment.UnitId,
        Roles =
        {
            assignment.Roles.Select(role => new V1.AssignedRole
            {
                RoleId = role.RoleId,
                DisplayName = role.DisplayName,
                ValidFrom = role.ValidFrom.ToApi(),
                ValidUntil = role.ValidUntil.ToApi(),
            }),
        },
        InheritedFromUnitId = assignment.OriginUnitId ?? "",
        Inheritance = assignment.Inheritance.ToApi(),
        RevisionToken = revisionToken,
    };

    public static V1.Impact ToApi(this ImpactPage impact) => new()
    {
        TotalCount = impact.TotalCount,
        UsersAffected = impact.UsersAffected,
        UnitsAffected = impact.UnitsAffected,
        Changes =
        {
            impact.Changes.Select(change => new V1.PermissionChange
            {
                UnitId = change.UnitId,
                UserId = change.UserId,
                GainedPermissionIds = { change.Gained },
                LostPermissionIds = { change.Lost },
            }),
        },
        NextPageToken = impact.NextPageToken ?? "",
    };

    /// <summary>The change as clients see it, with the roles' current names from <paramref name="roleTable"/> (a role no longer defined shows its id).</summary>
    public static V1.AssignmentChange ToApi(this FeedChange change, string organizationId, RevisionTokenCodec tokens, RoleTable roleTable)
    {
        var holding = change.Change.Holding;
        var roles = holding?.Roles
            .Select(role => new AssignedRole(role.RoleId, roleTable.FindRole(role.RoleId)?.DisplayName ?? role.RoleId, role.ValidFrom, role.ValidUntil))
            .ToArray() ?? [];
        var view = new AssignmentView(change.Change.UserId, change.Change.UnitId, roles, holding?.OriginUnitId, holding?.Inheritance);
        return new V1.AssignmentChange
        {
            RevisionToken = tokens.Encode(organizationId, new RevisionToken(change.Revision)),
            Time = Timestamp.FromDateTimeOffset(change.Time),
            Assignment = view.ToApi(organizationId),
        };
    }

    public static V1.Assignment ToApi(this WriteResult result, string organizationId, RevisionTokenCodec tokens) =>
        result.Assignment.ToApi(organizationId, tokens.Encode(organizationId, result.Token));

    public static Timestamp? ToApi(this DateTimeOffset? time) => time is { } value ? Timestamp.FromDateTimeOffset(value) : null;

    /// <summary>An optional timestamp field; InvalidArgument when out of range.</summary>
    public static DateTimeOffset? ToDomain(this Timestamp? time, string field)
    {
        if (time is null)
        {
            return null;
        }

        if (time.Seconds is < -62135596800 or > 253402300799 || time.Nanos is < 0 or > 999_999_999)
        {
            throw DomainException.Invalid(field, $"{field} is not a valid timestamp");
        }

        return time.ToDateTimeOffset();
    }

    public static V1.InheritanceMode ToApi(this InheritanceMode? mode) => mode switch
    {
        InheritanceMode.Replace => V1.InheritanceMode.Replace,
        InheritanceMode.Keep => V1.InheritanceMode.Keep,
        _ => V1.InheritanceMode.Unspecified,
    };

    public static InheritanceMode ToDomain(this V1.InheritanceMode mode) => mode switch
    {
        V1.InheritanceMode.Replace => InheritanceMode.Replace,
        V1.InheritanceMode.Keep => InheritanceMode.Keep,
        _ => throw DomainException.Invalid("mode", "mode must be INHERITANCE_MODE_REPLACE or INHERITANCE_MODE_KEEP"),
    };

    public static V1.ExplainResponse ToApi(this Explanation explanation, string userId, string permissionId) => new()
    {
        Allowed = explanation.Allowed,
        Roles =
        {
            explanation.Roles.Select(role => new V1.RoleEvaluation
            {
                RoleId = role.RoleId,
                RoleDisplayName = role.DisplayName,
                UnitId = explanation.UnitId,
                GrantsPermission = role.GrantsPermission,
                InheritedFromUnitId = explanation.OriginUnitId ?? "",
                InEffect = role.InEffect,
                ValidFrom = role.ValidFrom.ToApi(),
                ValidUntil = role.ValidUntil.ToApi(),
            }),
        },
        DenialReason = explanation.Denial switch
        {
            null => V1.DenialReason.Unspecified,
            DenialReason.UserNotFound => V1.DenialReason.UserNotFound,
            DenialReason.NoRoleInUnit => V1.DenialReason.NoRoleInUnit,
            DenialReason.RoleNotInEffect => V1.DenialReason.RoleNotInEffect,
            _ => V1.DenialReason.NoRoleGrantsPermission,
        },
        InheritedFromUnitId = explanation.OriginUnitId ?? "",
        Summary = explanation.Denial switch
        {
            null => $"allowed: '{permissionId}' is granted in unit '{explanation.UnitId}' by " +
                    string.Join(", ", explanation.Roles.Where(role => role.GrantsPermission).Select(role => $"role '{role.RoleId}'")) +
                    (explanation.OriginUnitId is { } origin ? $", inherited from unit '{origin}'" : ""),
            DenialReason.UserNotFound => $"denied: the organization has no user '{userId}'",
            DenialReason.NoRoleInUnit => $"denied: user '{userId}' holds no role in unit '{explanation.UnitId}'",
            DenialReason.RoleNotInEffect => $"denied: the roles of user '{userId}' in unit '{explanation.UnitId}' that contain '{permissionId}' are outside their time window",
            _ => $"denied: none of the roles user '{userId}' holds in unit '{explanation.UnitId}' contains '{permissionId}'",
        },
    };
}
