using Authz.Grains.Domain;

namespace Authz.Grains.Content;

[GenerateSerializer, Alias("authz.TeamFoldersState")]
public sealed class TeamFoldersState
{
    [Id(0)]
    public TeamFolders Folders { get; set; } = new();
}

public sealed class TeamFoldersGrain(
    [PersistentState("team-folders", StorageNames.Authz)] IPersistentState<TeamFoldersState> state,
    TimeProvider time) : Grain, ITeamFoldersGrain
{
    public async Task<TeamFolder> CreateAsync(string folderId, string name)
    {
        await RequireOrganizationAsync();
        var folder = state.State.Folders.Create(folderId, name, time.GetUtcNow());
        await state.SaveAsync(this);
        return folder;
    }

    public async Task<TeamFolder> SetArchivedAsync(string folderId, bool archived)
    {
        var folder = state.State.Folders.SetArchived(folderId, archived);
        await state.SaveAsync(this);
        return folder;
    }

    public async Task DeleteAsync(string folderId)
    {
        state.State.Folders.Delete(folderId);
        await state.SaveAsync(this);
    }

    public async Task<TeamFolder[]> ListAsync()
    {
        await RequireOrganizationAsync();
        return state.State.Folders.ByName;
    }

    private Task RequireOrganizationAsync() => GrainFactory.Organization(this.GetPrimaryKeyString()).GetAsync();
}

[GenerateSerializer, Alias("authz.LegalHoldsState")]
public sealed class LegalHoldsState
{
    [Id(0)]
    public LegalHolds Holds { get; set; } = new();
}

public sealed class LegalHoldsGrain(
    [PersistentState("legal-holds", StorageNames.Authz)] IPersistentState<LegalHoldsState> state,
    TimeProvider time) : Grain, ILegalHoldsGrain
{
    public async Task<LegalHold> PlaceAsync(string holdId, string name, string[] userIds)
    {
        var organizationId = this.GetPrimaryKeyString();
        await GrainFactory.Organization(organizationId).GetAsync();
        foreach (var userId in userIds)
        {
            if ((await GrainFactory.User(organizationId, userId).GetAsync()).Status == UserStatus.Deleted)
            {
                throw DomainException.NotFound("user", userId);
            }
        }

        var hold = state.State.Holds.Place(holdId, name, userIds, time.GetUtcNow());
        await state.SaveAsync(this);
        return hold;
    }

    public async Task ReleaseAsync(string holdId)
    {
        state.State.Holds.Release(holdId);
        await state.SaveAsync(this);
    }

    public async Task<LegalHold[]> ListAsync()
    {
        await GrainFactory.Organization(this.GetPrimaryKeyString()).GetAsync();
        return state.State.Holds.InOrder;
    }

    public Task<LegalHold[]> HoldsOnAsync(string userId) => Task.FromResult(state.State.Holds.HoldsOn(userId));
}
