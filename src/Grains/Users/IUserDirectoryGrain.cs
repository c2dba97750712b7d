using Authz.Grains.Domain;

namespace Authz.Grains.Users;

/// <summary>
/// The users of one organization for search and listings (USR-5), and the guard of unique ids and e-mails.
/// Keyed by organization id.
/// </summary>
[Alias("authz.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    [Alias("Initialize")]
    Task InitializeAsync();

    /// <summary>Creates the user, not activated (USR-1).</summary>
    [Alias("CreateUser")]
    Task<UserProfile> CreateUserAsync(string? userId, string email, string givenName, string familyName);

    [Alias("Search"), ReadOnly]
    Task<UserPage> SearchAsync(string? query, string? pageToken, int pageSize);
}
