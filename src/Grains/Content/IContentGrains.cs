using Authz.Grains.Domain;

namespace Authz.Grains.Content;

/// <summary>An organization's team folders. Keyed by organization id.</summary>
[Alias("authz.ITeamFoldersGrain")]
public interface ITeamFoldersGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<TeamFolder> CreateAsync(string folderId, string name);

    [Alias("SetArchived")]
    Task<TeamFolder> SetArchivedAsync(string folderId, bool archived);

    [Alias("Delete")]
    Task DeleteAsync(string folderId);

    [Alias("List"), ReadOnly]
    Task<TeamFolder[]> ListAsync();
}

/// <summary>An organization's legal holds. Keyed by organization id.</summary>
[Alias("authz.ILegalHoldsGrain")]
public interface ILegalHoldsGrain : IGrainWithStringKey
{
    [Alias("Place")]
    Task<LegalHold> PlaceAsync(string holdId, string name, string[] userIds);

    [Alias("Release")]
    Task ReleaseAsync(string holdId);

    [Alias("List"), ReadOnly]
    Task<LegalHold[]> ListAsync();

    /// <summary>The holds on the user; deletion is refused while there is any.</summary>
    [Alias("HoldsOn"), ReadOnly]
    Task<LegalHold[]> HoldsOnAsync(string userId);
}
