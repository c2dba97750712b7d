using Authz.Grains.Domain;

namespace Authz.Grains.Users;

/// <summary>
/// One user: profile, account lifecycle (USR-1..4, USR-7) and the index of units where they hold roles.
/// Keyed by <see cref="GrainKeys.User"/>. Messages it causes go to the organization's outbox before it answers.
/// </summary>
[Alias("authz.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user, not activated, and sends the activation link (USR-1, USR-2). Idempotent for the same profile.</summary>
    [Alias("Create")]
    Task<UserProfile> CreateAsync(UserProfile profile);

    /// <summary>
    /// Interleaves with everything: the organization reads administrators' accounts while it applies an account
    /// change, and must not wait for a user grain that is itself waiting for the organization or the directory.
    /// </summary>
    [Alias("Get"), AlwaysInterleave]
    Task<UserProfile> GetAsync();

    /// <summary>For authenticating a bearer token: NotFound if the user does not exist.</summary>
    [Alias("GetAccountFacts"), ReadOnly]
    Task<AccountFacts> GetAccountFactsAsync();

    /// <summary>A new activation link (the old one stops working, USR-3) or a password-reset link.</summary>
    [Alias("SendLink")]
    Task SendLinkAsync(LinkPurpose purpose);

    /// <summary>Redeems the link from a message; activation sends the confirmation (USR-4).</summary>
    [Alias("RedeemLink")]
    Task<LinkPurpose> RedeemLinkAsync(string token, string? password);

    /// <summary>Unauthenticated unless the user is active, not locked out (<see cref="SignInLockout"/>) and the password is theirs.</summary>
    [Alias("SignIn")]
    Task<AccountFacts> SignInAsync(string password);

    /// <summary>
    /// A user not yet activated is sent a new activation link at the new address. Called by
    /// <see cref="Organizations.IOrganizationGrain.ChangeAccountAsync"/> only, as are suspension, resumption and deletion.
    /// </summary>
    [Alias("ChangeEmail")]
    Task<UserProfile> ChangeEmailAsync(string email);

    [Alias("EndSessions")]
    Task EndSessionsAsync();

    [Alias("Suspend")]
    Task<UserProfile> SuspendAsync();

    [Alias("Resume")]
    Task<UserProfile> ResumeAsync();

    /// <summary>Closes the account (USR-7); the units where the user may still hold roles stay in <see cref="GetUnitsAsync"/>.</summary>
    [Alias("Delete")]
    Task<UserProfile> DeleteAsync(bool remoteWipe);

    /// <summary>NotFound if the user does not exist or is deleted.</summary>
    [Alias("AddUnit")]
    Task AddUnitAsync(string unitId);

    [Alias("RemoveUnit")]
    Task RemoveUnitAsync(string unitId);

    /// <summary>The units where the user may hold roles (a superset; see <see cref="UserState.Units"/>).</summary>
    [Alias("GetUnits"), ReadOnly]
    Task<string[]> GetUnitsAsync();
}
