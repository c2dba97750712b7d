namespace Authz.Grains.Domain;

[GenerateSerializer, Alias("authz.AccountChangeKind")]
public enum AccountChangeKind
{
    Suspend = 1,
    Resume = 2,
    Delete = 3,
    ChangeEmail = 4,
}

/// <summary>
/// A change to a user's account that can take away an administrator's standing (ADM-1), an officer (ORG-4) or a
/// trusted e-mail (ORG-5). Every such change is applied by the organization, after <see cref="TeamAdministration"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.AccountChange")]
public sealed record AccountChange(
    [property: Id(0)] AccountChangeKind Kind,
    [property: Id(1)] string? Email = null,
    [property: Id(2)] bool RemoteWipe = false)
{
    public static AccountChange Suspend() => new(AccountChangeKind.Suspend);

    public static AccountChange Resume() => new(AccountChangeKind.Resume);

    public static AccountChange Delete(bool remoteWipe) => new(AccountChangeKind.Delete, RemoteWipe: remoteWipe);

    public static AccountChange ChangeEmail(string email) => new(AccountChangeKind.ChangeEmail, email);

    /// <summary>The account's standing after the change; a resumption can only add, so it is taken as changing nothing.</summary>
    public AccountStanding Apply(AccountStanding standing) => Kind switch
    {
        AccountChangeKind.Suspend => standing with { Status = UserStatus.Suspended },
        AccountChangeKind.Delete => standing with { Status = UserStatus.Deleted },
        AccountChangeKind.ChangeEmail => standing with { Email = Email! },
        _ => standing,
    };

    public string Describe(string userId) => Kind switch
    {
        AccountChangeKind.Suspend => $"suspending user '{userId}'",
        AccountChangeKind.Resume => $"resuming user '{userId}'",
        AccountChangeKind.Delete => $"deleting user '{userId}'",
        _ => $"changing the e-mail of user '{userId}'",
    };
}
