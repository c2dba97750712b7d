using Authz.Grains.Domain;

namespace Authz.Grains.Users;

/// <summary>One user: profile and lifecycle, and the index of units where they hold roles. Keyed by <see cref="GrainKeys.User"/>.</summary>
[Alias("authz.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Idempotent for the same profile; AlreadyExists for a different one.</summary>
    [Alias("Create")]
    Task<UserProfile> CreateAsync(UserProfile profile);

    [Alias("Get"), ReadOnly]
    Task<UserProfile> GetAsync();

    /// <summary>NotFound if the user does not exist.</summary>
    [Alias("AddUnit")]
    Task AddUnitAsync(string unitId);

    [Alias("RemoveUnit")]
    Task RemoveUnitAsync(string unitId);

    /// <summary>The units where the user may hold roles (a superset; see <see cref="UserState.Units"/>).</summary>
    [Alias("GetUnits"), ReadOnly]
    Task<string[]> GetUnitsAsync();
}
