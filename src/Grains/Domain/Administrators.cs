namespace Authz.Grains.Domain;

/// <summary>An organization-wide administrator: a user holding one of the admin roles for the whole organization.</summary>
[GenerateSerializer, Immutable, Alias("authz.Administrator")]
public sealed record Administrator(
    [property: Id(0)] string UserId,
    [property: Id(1)] string RoleId,
    [property: Id(2)] bool Suspended,
    [property: Id(3)] DateTimeOffset Since);

/// <summary>
/// The organization's administrators (ADM-1, ADM-2, ADM-6): who holds which admin role organization-wide.
/// There is always at least one active team administrator. Every method validates before it changes anything.
/// </summary>
[GenerateSerializer, Alias("authz.Administrators")]
public sealed class Administrators
{
    public const int MaxAdministrators = 1000;

    [Id(0)]
    public Dictionary<string, Administrator> ByUser { get; private set; } = new(StringComparer.Ordinal);

    public Administrator? Find(string userId) => ByUser.GetValueOrDefault(userId);

    public bool IsAdministrator(string userId) => ByUser.ContainsKey(userId);

    public int ActiveTeamAdministrators =>
        ByUser.Values.Count(admin => admin.RoleId == AdminRoleMatrix.TeamAdmin && !admin.Suspended);

    public int ActiveCount => ByUser.Values.Count(admin => !admin.Suspended);

    /// <summary>ADM-1: fewer than two active administrators is allowed, but worth a warning.</summary>
    public string? Warning => ActiveCount < 2
        ? "the organization has fewer than two active administrators: add another so it is never locked out (ADM-1)"
        : null;

    public IEnumerable<Administrator> InUserOrder => ByUser.Values.OrderBy(admin => admin.UserId, StringComparer.Ordinal);

    public Administrator Add(string userId, string roleId, Subscription organization, RoleCatalog roles, DateTimeOffset now)
    {
        if (ByUser.ContainsKey(userId))
        {
            throw DomainException.AlreadyExists($"user '{userId}' is already an administrator: change their admin role instead");
        }

        RequireAdminRole(roleId, organization, roles);
        if (ByUser.Count >= MaxAdministrators)
        {
            throw DomainException.Precondition($"an organization has at most {MaxAdministrators} administrators");
        }

        var administrator = new Administrator(userId, roleId, Suspended: false, now);
        ByUser[userId] = administrator;
        return administrator;
    }

    public Administrator ChangeRole(string userId, string roleId, Subscription organization, RoleCatalog roles)
    {
        var administrator = Require(userId);
        RequireAdminRole(roleId, organization, roles);
        if (roleId != AdminRoleMatrix.TeamAdmin)
        {
            RequireNotLastTeamAdministrator(administrator, "demoted");
        }

        return ByUser[userId] = administrator with { RoleId = roleId };
    }

    public Administrator Suspend(string userId)
    {
        var administrator = Require(userId);
        RequireNotLastTeamAdministrator(administrator, "suspended");
        return ByUser[userId] = administrator with { Suspended = true };
    }

    public Administrator Resume(string userId) => ByUser[userId] = Require(userId) with { Suspended = false };

    /// <summary>Drops the admin role; the user stays a member (ADM-6).</summary>
    public void Remove(string userId)
    {
        RequireNotLastTeamAdministrator(Require(userId), "removed");
        ByUser.Remove(userId);
    }

    /// <summary>Refuses the change if it would leave no active team administrator (ADM-1). Used before deleting a user too.</summary>
    public void RequireNotLastTeamAdministrator(string userId, string change)
    {
        if (Find(userId) is { } administrator)
        {
            RequireNotLastTeamAdministrator(administrator, change);
        }
    }

    private void RequireNotLastTeamAdministrator(Administrator administrator, string change)
    {
        if (administrator.RoleId == AdminRoleMatrix.TeamAdmin && !administrator.Suspended && ActiveTeamAdministrators == 1)
        {
            throw DomainException.Precondition(
                $"user '{administrator.UserId}' is the last team administrator and cannot be {change}: make another user team administrator first (ADM-1)");
        }
    }

    private Administrator Require(string userId) =>
        Find(userId) ?? throw new DomainException(DomainError.NotFound, $"user '{userId}' is not an administrator");

    /// <summary>ADM-2 and ADM-3: which admin roles the organization's plan and add-ons allow.</summary>
    private static void RequireAdminRole(string roleId, Subscription organization, RoleCatalog roles)
    {
        if (!AdminRoleMatrix.IsPredefinedRole(roleId))
        {
            throw DomainException.Invalid("role_id", $"'{roleId}' is not an admin role: use one of {string.Join(", ", AdminRoleMatrix.RoleIds)}");
        }

        if (organization.Plan == Plan.Standard && roleId != AdminRoleMatrix.TeamAdmin)
        {
            throw DomainException.Precondition("on the Standard plan every administrator is a team administrator (ADM-2)");
        }

        if (roleId == AdminRoleMatrix.ComplianceAdmin && !organization.Has(AddOn.DataGovernance))
        {
            throw DomainException.Precondition("the Compliance admin role needs the data-governance add-on (ADM-3)");
        }

        roles.Get(roleId);
    }
}
