using Authz.Grains.Domain;

namespace Authz.Grains.Users;

public sealed class UserGrain(
    [PersistentState("user", StorageNames.Authz)] IPersistentState<UserState> state) : Grain, IUserGrain
{
    private UserState State => state.State;

    public async Task<UserProfile> CreateAsync(UserProfile profile)
    {
        if (State.Profile is { } existing)
        {
            return existing == profile with { CreateTime = existing.CreateTime }
                ? existing
                : throw DomainException.AlreadyExists($"user '{profile.UserId}' already exists");
        }

        State.Profile = profile;
        await state.SaveAsync(this);
        return profile;
    }

    public Task<UserProfile> GetAsync() => Task.FromResult(RequireProfile());

    public async Task AddUnitAsync(string unitId)
    {
        RequireProfile();
        if (State.Units.Add(unitId))
        {
            await state.SaveAsync(this);
        }
    }

    public async Task RemoveUnitAsync(string unitId)
    {
        if (State.Units.Remove(unitId))
        {
            await state.SaveAsync(this);
        }
    }

    public Task<string[]> GetUnitsAsync()
    {
        RequireProfile();
        return Task.FromResult(State.Units.ToArray());
    }

    private UserProfile RequireProfile() =>
        State.Profile ?? throw DomainException.NotFound("user", GrainKeys.ParseUser(this.GetPrimaryKeyString()).UserId);
}
