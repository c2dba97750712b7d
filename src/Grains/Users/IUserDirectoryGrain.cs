using Authz.Grains.Domain;

namespace Authz.Grains.Users;

/// <summary>
/// The users of one organization for search and listings (USR-5), the guard of unique ids and e-mails, and the
/// place user-level changes that touch several grains are carried out. Keyed by organization id.
/// </summary>
[Alias("authz.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    [Alias("Initialize")]
    Task InitializeAsync();

    /// <summary>Creates the user, not activated, and sends the activation link (USR-1, USR-2).</summary>
    [Alias("CreateUser")]
    Task<UserProfile> CreateUserAsync(string? userId, string email, string givenName, string familyName);

    /// <summary>Refreshes the directory's copy after the user grain changed the profile on its own (activation).</summary>
    [Alias("Update")]
    Task UpdateAsync(UserProfile profile);

    /// <summary>The user with this e-mail, or null; deleted users are not in the directory.</summary>
    [Alias("FindByEmail"), ReadOnly]
    Task<UserProfile?> FindByEmailAsync(string email);

    /// <summary>Refused for the last active team administrator (ADM-1); ends the user's sessions.</summary>
    [Alias("SuspendUser")]
    Task<UserProfile> SuspendUserAsync(string userId);

    [Alias("ResumeUser")]
    Task<UserProfile> ResumeUserAsync(string userId);

    /// <summary>
    /// Deletes the user (USR-7, ADM-6): refused for the last team administrator or an organization's only legal
    /// representative or super administrator; removes their admin role and every role they hold in units.
    /// </summary>
    [Alias("DeleteUser")]
    Task<UserProfile> DeleteUserAsync(string userId, bool remoteWipe);

    /// <summary>ALREADY_EXISTS if another user has the e-mail; a user not yet activated is sent a new link there.</summary>
    [Alias("ChangeEmail")]
    Task<UserProfile> ChangeEmailAsync(string userId, string email);

    /// <summary>Moves every role <paramref name="fromUserId"/> holds to <paramref name="toUserId"/>, unit by unit; answers the units.</summary>
    [Alias("TransferRoles")]
    Task<string[]> TransferRolesAsync(string fromUserId, string toUserId);

    /// <summary>Creates and invites users whose e-mails are all in the trusted domains (ORG-5), validated as a whole.</summary>
    [Alias("InviteFromDomains")]
    Task<UserProfile[]> InviteFromDomainsAsync(NewUser[] invitees);

    [Alias("CountByStatus"), ReadOnly]
    Task<Dictionary<UserStatus, int>> CountByStatusAsync();

    [Alias("Search"), ReadOnly]
    Task<UserPage> SearchAsync(string? query, string? pageToken, int pageSize);
}
