using Authz.Grains.Domain;

namespace Authz.Grains.Changes;

[GenerateSerializer, Alias("authz.ChangeFeedState")]
public sealed class ChangeFeedState
{
    /// <summary>Revisions up to this one may have been handed out; a new activation starts above it.</summary>
    [Id(0)]
    public long Reserved { get; set; }

    /// <summary>The newest role-table version the organization reported.</summary>
    [Id(1)]
    public long RoleTableVersion { get; set; }
}

public sealed class ChangeFeedGrain(
    [PersistentState("change-feed", StorageNames.Authz)] IPersistentState<ChangeFeedState> state,
    TimeProvider time) : Grain, IChangeFeedGrain
{
    public const int Retained = 20_000;
    private const int ReserveBlock = 10_000;

    private readonly Queue<FeedChange> _recent = new();
    private long _head;

    /// <summary>The oldest revision after which every change is still kept.</summary>
    private long _keptAfter;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _head = state.State.Reserved;
        _keptAfter = _head;
        return Task.CompletedTask;
    }

    public async Task<long> AppendAsync(HoldingChange[] changes)
    {
        if (_head + changes.Length > state.State.Reserved)
        {
            state.State.Reserved = _head + changes.Length + ReserveBlock;
            await state.SaveAsync(this);
        }

        var now = time.GetUtcNow();
        foreach (var change in changes)
        {
            _recent.Enqueue(new FeedChange(++_head, now, change));
        }

        while (_recent.Count > Retained)
        {
            _keptAfter = _recent.Dequeue().Revision;
        }

        return _head;
    }

    public Task<FeedPage> ReadAsync(long afterRevision, int maxChanges)
    {
        if (afterRevision < _keptAfter)
        {
            throw DomainException.Precondition(
                $"changes after revision {afterRevision} are no longer kept (the feed keeps those after {_keptAfter}): list the assignments again and watch from the revision that listing answers");
        }

        if (afterRevision > _head)
        {
            throw DomainException.Precondition(
                $"revision {afterRevision} is ahead of this organization's newest change ({_head}): watch from a token this organization answered");
        }

        var changes = _recent.SkipWhile(change => change.Revision <= afterRevision).Take(maxChanges).ToArray();
        return Task.FromResult(new FeedPage(changes, _head));
    }

    public async Task<long> AdvanceRoleTableAsync(long roleTableVersion)
    {
        state.State.RoleTableVersion = Math.Max(state.State.RoleTableVersion, roleTableVersion);
        if (_head + 1 > state.State.Reserved)
        {
            state.State.Reserved = _head + 1 + ReserveBlock;
        }

        await state.SaveAsync(this);
        return ++_head;
    }

    public Task<FeedHead> HeadAsync() => Task.FromResult(new FeedHead(_head, state.State.RoleTableVersion));
}
