using Orleans.Storage;

namespace Authz.Tests.Grains;

/// <summary>Grain storage that can hold one grain's next write until the test releases it.</summary>
public sealed class GatedStorage(IGrainStorage inner) : IGrainStorage
{
    private Gate? _armed;

    /// <summary>A write held at the storage: <see cref="Entered"/> once it arrives, going on once released.</summary>
    public sealed class Gate(string grainKey)
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string GrainKey { get; } = grainKey;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Released => _released.Task;

        public void Release() => _released.TrySetResult();
    }

    /// <summary>Holds the next write of the grain keyed <paramref name="grainKey"/>.</summary>
    public Gate Arm(string grainKey)
    {
        var gate = new Gate(grainKey);
        Volatile.Write(ref _armed, gate);
        return gate;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Volatile.Read(ref _armed) is { } gate && gate.GrainKey == grainId.Key.ToString()
            && Interlocked.CompareExchange(ref _armed, null, gate) == gate)
        {
            gate.Entered.TrySetResult();
            await gate.Released;
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
