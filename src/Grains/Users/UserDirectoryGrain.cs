using Authz.Grains.Domain;
using Authz.Grains.Organizations;

namespace Authz.Grains.Users;

public sealed class UserDirectoryGrain(
    [PersistentState("directory", StorageNames.Authz)] IPersistentState<UserDirectoryState> state,
    TimeProvider time) : Grain, IUserDirectoryGrain
{
    private UserDirectoryState State => state.State;

    private string OrganizationId => this.GetPrimaryKeyString();

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
        var profile = await User(id).CreateAsync(new UserProfile(id, email, givenName, familyName, UserStatus.NotActivated, time.GetUtcNow()));
        State.Directory.Put(profile);
        await state.SaveAsync(this);
        return profile;
    }

    public async Task UpdateAsync(UserProfile profile)
    {
        if (State.Directory.Find(profile.UserId) is not null)
        {
            State.Directory.Put(profile);
            await state.SaveAsync(this);
        }
    }

    public Task<UserProfile?> FindByEmailAsync(string email)
    {
        RequireOrganization();
        return Task.FromResult(State.Directory.FindByEmail(email));
    }

    public async Task<UserProfile> SuspendUserAsync(string userId)
    {
        RequireOrganization();
        await Organization.RequireUserMayLeaveAsync(userId, "suspended", deleting: false);
        return await PutAsync(await User(userId).SuspendAsync());
    }

    public async Task<UserProfile> ResumeUserAsync(string userId)
    {
        RequireOrganization();
        return await PutAsync(await User(userId).ResumeAsync());
    }

    public async Task<UserProfile> DeleteUserAsync(string userId, bool remoteWipe)
    {
        RequireOrganization();
        var user = User(userId);
        if ((await user.GetAsync()).Status == UserStatus.Deleted)
        {
            throw DomainException.NotFound("user", userId);
        }

        await Organization.RequireUserMayLeaveAsync(userId, "deleted", deleting: true);
        var units = await user.DeleteAsync(remoteWipe);
        await Task.WhenAll(units.Select(unitId => GrainFactory.Unit(OrganizationId, unitId).RemoveUserAsync(userId)));
        State.Directory.Remove(userId);
        await state.SaveAsync(this);
        return await user.GetAsync();
    }

    public Task<UserPage> SearchAsync(string? query, string? pageToken, int pageSize)
    {
        RequireOrganization();
        return Task.FromResult(State.Directory.Search(query, pageToken, pageSize));
    }

    private async Task<UserProfile> PutAsync(UserProfile profile)
    {
        State.Directory.Put(profile);
        await state.SaveAsync(this);
        return profile;
    }

    private IOrganizationGrain Organization => GrainFactory.GetGrain<IOrganizationGrain>(OrganizationId);

    private IUserGrain User(string userId) => GrainFactory.User(OrganizationId, userId);

    private void RequireOrganization()
    {
        if (!State.OrganizationExists)
        {
            throw DomainException.NotFound("organization", OrganizationId);
        }
    }
}
