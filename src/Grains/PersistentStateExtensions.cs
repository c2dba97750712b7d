namespace Authz.Grains;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; if the write fails, the grain's memory may be ahead of storage, so the activation
    /// is dropped and the next call reloads what storage holds.
    /// </summary>
    public static async Task SaveAsync<TState>(this IPersistentState<TState> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
