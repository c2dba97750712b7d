using Authz.Grains.Domain;

namespace Authz.Grains.Users;

public sealed class UserDirectoryGrain(
    [PersistentState("directory", StorageNames.Authz)] IPersistentState<UserDirectoryState> state,
    TimeProvider time) : Grain, IUserDirectoryGrain
{
    private UserDirectoryState State => state.State;

    public async Task InitializeAsync()
    {
        if (!State.OrganizationExists)
        {
            State.OrganizationExists = true;
            await state.SaveAsync(this);
        }
    }

    public async Task<UserProfile> CreateUserAsync(string? userId, string email, string givenName, string familyName)
    {
        RequireOrganization();
        var id = userId ?? Ids.NewId();
        State.Directory.RequireCanAdd(id, email);
        var profile = await GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(this.GetPrimaryKeyString(), id))
            .CreateAsync(new UserProfile(id, email, givenName, familyName, UserStatus.NotActivated, time.GetUtcNow()));
        State.Directory.Put(profile);
        await state.SaveAsync(this);
        return profile;
    }

    public Task<UserPage> SearchAsync(string? query, string? pageToken, int pageSize)
    {
        RequireOrganization();
        return Task.FromResult(State.Directory.Search(query, pageToken, pageSize));
    }

    private void RequireOrganization()
    {
        if (!State.OrganizationExists)
        {
            throw DomainException.NotFound("organization", this.GetPrimaryKeyString());
        }
    }
}
