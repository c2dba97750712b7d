namespace Authz.Grains.Domain;

/// <summary>What an administrator's account contributes to their standing: its status and e-mail.</summary>
[GenerateSerializer, Immutable, Alias("authz.AccountStanding")]
public sealed record AccountStanding(
    [property: Id(0)] UserStatus Status,
    [property: Id(1)] string Email);

/// <summary>
/// ADM-1 with ORG-5: the organization always keeps an <b>active team administrator</b>, one who holds the
/// team-admin role organization-wide, is not suspended as administrator, whose account is activated, not suspended
/// and not deleted, and whose e-mail is inside the trusted domains (ORG-5 refuses everyone else's administrative
/// requests). This is the one place that decides it: every change that can lower the number (suspension, deletion,
/// demotion, removal, e-mail change, trusted-domain change) builds the picture after it and asks
/// <see cref="RequireKeptBy"/>.
/// </summary>
public sealed record TeamAdministration(
    IReadOnlyCollection<Administrator> Administrators,
    IReadOnlyDictionary<string, AccountStanding> Accounts,
    OrganizationSettings Settings)
{
    public IEnumerable<string> ActiveTeamAdministrators =>
        Administrators.Where(admin => IsTeamAdministrator(admin, UserStatus.Active)).Select(admin => admin.UserId);

    /// <summary>Administrators of any admin role who can act now: the same standing, whatever their role.</summary>
    public IEnumerable<string> ActiveAdministrators =>
        Administrators.Where(admin => HasStanding(admin, UserStatus.Active)).Select(admin => admin.UserId);

    /// <summary>ADM-1: fewer than two active team administrators is allowed, but worth a warning.</summary>
    public string? Warning => ActiveTeamAdministrators.Take(2).Count() < 2
        ? "the organization has fewer than two active team administrators (holding team-admin, activated, not suspended, " +
          "inside the trusted e-mail domains): add another so it is never locked out (ADM-1)"
        : null;

    public TeamAdministration WithAccount(string userId, AccountStanding account) =>
        this with { Accounts = new Dictionary<string, AccountStanding>(Accounts, StringComparer.Ordinal) { [userId] = account } };

    /// <summary>
    /// Refuses <paramref name="after"/> if it leaves no active team administrator where this picture had one, or no
    /// team administrator at all who could still act once activated (an organization whose founder has not activated
    /// yet has none active, but must keep that founder).
    /// </summary>
    public void RequireKeptBy(TeamAdministration after, string change)
    {
        var lost = (ActiveTeamAdministrators.Any() && !after.ActiveTeamAdministrators.Any())
            || !after.Administrators.Any(admin => after.IsTeamAdministrator(admin, UserStatus.Active, UserStatus.NotActivated));
        if (lost)
        {
            throw DomainException.Precondition(
                $"{change} would leave the organization without an active team administrator (holding team-admin organization-wide, " +
                "activated, not suspended, inside the trusted e-mail domains): make another user team administrator first (ADM-1)");
        }
    }

    private bool IsTeamAdministrator(Administrator administrator, params UserStatus[] statuses) =>
        administrator.RoleId == AdminRoleMatrix.TeamAdmin && HasStanding(administrator, statuses);

    private bool HasStanding(Administrator administrator, params UserStatus[] statuses) =>
        !administrator.Suspended
        && Accounts.GetValueOrDefault(administrator.UserId) is { } account
        && statuses.Contains(account.Status)
        && Settings.TrustsEmail(account.Email);
}
