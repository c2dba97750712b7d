using Authz.Grains.Domain;

namespace Authz.Grains.ApiKeys;

[GenerateSerializer, Alias("authz.ApiKeyState")]
public sealed class ApiKeyState
{
    [Id(0)]
    public ApiKey? Key { get; set; }
}

public sealed class ApiKeyGrain(
    [PersistentState("api-key", StorageNames.Authz)] IPersistentState<ApiKeyState> state,
    TimeProvider time) : Grain, IApiKeyGrain
{
    public async Task<ApiKey> CreateAsync(string displayName, string[] organizationIds, byte[] secretHash, string createdBy)
    {
        if (state.State.Key is not null)
        {
            throw DomainException.AlreadyExists($"API key '{this.GetPrimaryKeyString()}' already exists");
        }

        state.State.Key = new ApiKey(this.GetPrimaryKeyString(), displayName, organizationIds, secretHash, time.GetUtcNow(), createdBy, RevokeTime: null);
        await state.SaveAsync(this);
        return state.State.Key;
    }

    public Task<ApiKey?> FindAsync()
    {
        if (state.State.Key is null)
        {
            // Asked about a key that does not exist (a guessed id): nothing to keep in memory.
            DeactivateOnIdle();
        }

        return Task.FromResult(state.State.Key);
    }

    public async Task<ApiKey> RevokeAsync()
    {
        var key = state.State.Key ?? throw DomainException.NotFound("API key", this.GetPrimaryKeyString());
        if (key.RevokeTime is null)
        {
            state.State.Key = key with { RevokeTime = time.GetUtcNow() };
            await state.SaveAsync(this);
        }

        return state.State.Key;
    }
}
