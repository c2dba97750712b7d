namespace Authz.Grains.Domain;

/// <summary>An organization-wide administrator: a user holding one of the admin roles for the whole organization.</summary>
[GenerateSerializer, Immutable, Alias("authz.Administrator")]
public sealed record Administrator(
    [property: Id(0)] string UserId,
    [property: Id(1)] string RoleId,
    [property: Id(2)] bool Suspended,
    [property: Id(3)] DateTimeOffset Since);

/// <summary>
/// The organization's administrators (ADM-2, ADM-6): who holds which admin role organization-wide. Every method
/// validates before it changes anything; whether a change leaves an active team administrator (ADM-1) is decided by
/// <see cref="TeamAdministration"/>, on a <see cref="Copy"/> changed first.
/// </summary>
[GenerateSerializer, Alias("authz.Administrators")]
public sealed class Administrators
{
    public const int MaxAdministrators = 1000;

    [Id(0)]
    public Dictionary<string, Administrator> ByUser { get; private set; } = new(StringComparer.Ordinal);

    public Administrator? Find(string userId) => ByUser.GetValueOrDefault(userId);

    public bool IsAdministrator(string userId) => ByUser.ContainsKey(userId);

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
        return ByUser[userId] = administrator with { RoleId = roleId };
    }

    public Administrator Suspend(string userId) => ByUser[userId] = Require(userId) with { Suspended = true };

    public Administrator Resume(string userId) => ByUser[userId] = Require(userId) with { Suspended = false };

    /// <summary>Drops the admin role; the user stays a member (ADM-6).</summary>
    public void Remove(string userId) => ByUser.Remove(Require(userId).UserId);

    public Administrators Copy() => new() { ByUser = new Dictionary<string, Administrator>(ByUser, StringComparer.Ordinal) };

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
