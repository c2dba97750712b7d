using Authz.Grains.Audit;
using Authz.Grains.Changes;
using Authz.Grains.Domain;
using Authz.Grains.Organizations;
using Authz.Grains.Telemetry;
using Authz.Grains.Users;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Authz.Grains.Units;

[ImplicitStreamSubscription(UnitStreams.FanOut)]
[ImplicitStreamSubscription(UnitStreams.RoleTables)]
public sealed class UnitGrain(
    [PersistentState("unit", StorageNames.Authz)] IPersistentState<UnitState> state,
    TimeProvider time,
    ActiveUnits activeUnits,
    LocalUnitViews views,
    ILogger<UnitGrain> logger) : Grain, IUnitGrain, IUnitProtocolGrain, IRemindable, IStreamSubscriptionObserver
{
    private readonly AppliedRevision _applied = new();
    private (string OrganizationId, string UnitId) _key;
    private UnitPermissions? _permissions;
    private CheckViewPublisher _views = null!;
    private UnitCommitter _committer = null!;
    private ParentCatchUp _parent = null!;
    private ExpiryReminder _expiry = null!;

    private UnitState State => state.State;

    private UnitPermissions Permissions => _permissions ?? throw DomainException.NotFound("unit", _key.UnitId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = GrainKeys.ParseUnit(this.GetPrimaryKeyString());
        _views = new CheckViewPublisher(views, this.GetPrimaryKeyString());
        _committer = new UnitCommitter(state, this, GrainFactory, time, _key, _views);
        _expiry = new ExpiryReminder(state, this, GrainFactory, time, _key, expired => CommitAsync(expired, sent: null, forInheritance: false));
        _parent = new ParentCatchUp(state, this, GrainFactory, time, _key.OrganizationId, this.GetPrimaryKeyString(), logger,
            (net, applied) => CommitAsync(net, applied, forInheritance: true));
        activeUnits.Add(this.GetPrimaryKeyString());
        if (State.Exists)
        {
            await RefreshRoleTableAsync();
            await _parent.PullAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        activeUnits.Remove(this.GetPrimaryKeyString());
        _views.Withdraw();
        return Task.CompletedTask;
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        if (handleFactory.StreamId.GetNamespace() == UnitStreams.FanOut)
        {
            await handleFactory.Create<FanOut>().ResumeAsync((message, _) => _parent.ReceiveAsync(message));
        }
        else
        {
            await handleFactory.Create<RoleTable>().ResumeAsync((table, _) => ReceiveRoleTableAsync(table));
        }
    }

    public async Task InitializeAsync(UnitPlacement placement)
    {
        if (State.Exists)
        {
            throw DomainException.AlreadyExists($"unit '{_key.UnitId}' already exists");
        }

        State.Exists = true;
        State.ParentId = placement.ParentId;
        State.Ancestors = placement.Ancestors;
        State.Hierarchical = placement.Hierarchical;
        State.ParentSequence = placement.ParentSequence;
        await RefreshRoleTableAsync();
        var mutations = placement.Inherited.Select(State.Assignments.PlanInherited).ToArray();
        await CommitAsync(mutations, sent: null, forInheritance: true);
        await _parent.PullAsync();
    }

    public async Task<UnitPlacement> AddChildAsync(string childUnitId)
    {
        RequireExists();
        if (State.Children.Add(childUnitId))
        {
            await state.SaveAsync(this);
        }

        return new UnitPlacement(_key.UnitId, [.. State.Ancestors, _key.UnitId], State.Hierarchical, State.Sequence,
            State.Assignments.InheritanceFor(_key.UnitId));
    }

    public async Task RemoveChildAsync(string childUnitId)
    {
        if (State.Children.Remove(childUnitId))
        {
            await state.SaveAsync(this);
        }
    }

    public async Task DeleteAsync()
    {
        if (!State.Exists)
        {
            return;
        }

        var direct = State.Assignments.Holdings.Count(entry => !entry.Value.IsInherited);
        if (direct > 0)
        {
            throw DomainException.Precondition($"unit '{_key.UnitId}' has {direct} user(s) holding roles of their own: remove their roles first");
        }

        var holders = State.Assignments.Holdings.Keys.ToArray();
        await state.ClearStateAsync();
        SetPermissions(null);
        foreach (var userId in holders)
        {
            await User(userId).RemoveUnitAsync(_key.UnitId);
        }

        if (holders.Length > 0)
        {
            await Feed.AppendAsync(holders.Select(userId => new HoldingChange(_key.UnitId, userId, null)).ToArray());
        }

        DeactivateOnIdle();
    }

    public Task ApplyRoleTableAsync(RoleTable table)
    {
        if (_permissions is not null && table.Version > _permissions.Table.Version)
        {
            SetPermissions(UnitPermissions.Compile(State.Assignments, table));
        }

        return Task.CompletedTask;
    }

    public Task<int> CountHoldersAsync(string roleId) => Task.FromResult(State.Assignments.CountHolders(roleId));

    public async Task<WriteResult> AssignRolesAsync(string userId, string[] roleIds, DateTimeOffset? validFrom, DateTimeOffset? validUntil)
    {
        RequireExists();
        await _parent.PullAsync();
        if (validUntil is { } until && (until <= time.GetUtcNow() || (validFrom is { } from && from >= until)))
        {
            throw DomainException.Invalid("valid_until", "valid_until must be in the future and after valid_from");
        }

        if (roleIds.Any(roleId => Permissions.Table.FindRole(roleId) is not { Assignable: true }))
        {
            // The table may predate a role created a moment ago; ask the organization once before refusing.
            await RefreshRoleTableAsync();
        }

        return await WriteAsync(State.Assignments.PlanAssign(_key.UnitId, userId, roleIds, validFrom, validUntil, Permissions.Table));
    }

    public async Task<WriteResult> RemoveRolesAsync(string userId, string[] roleIds)
    {
        RequireExists();
        await _parent.PullAsync();
        return await WriteAsync(State.Assignments.PlanRemove(_key.UnitId, userId, roleIds));
    }

    public async Task<WriteResult> SetInheritanceAsync(string userId, InheritanceMode? mode)
    {
        RequireExists();
        await _parent.PullAsync();
        if (mode is null)
        {
            return await WriteAsync(State.Assignments.PlanClearInheritance(_key.UnitId, userId));
        }

        if (!State.Hierarchical)
        {
            throw DomainException.Precondition("a flat organization has no unit hierarchy, so roles cannot be inherited (ORG-3)");
        }

        return await WriteAsync(State.Assignments.PlanSetInheritance(_key.UnitId, userId, mode.Value));
    }

    public async Task<WriteResult> BreakInheritanceAsync(string userId)
    {
        RequireExists();
        await _parent.PullAsync();
        return await WriteAsync(State.Assignments.PlanBreakInheritance(_key.UnitId, userId));
    }

    public Task<HoldingDelta[]> PlanBulkAsync(BulkEdit edit)
    {
        RequireExists();
        return Task.FromResult(State.Assignments.PlanBulk(_key.UnitId, edit, Permissions.Table)
            .Select(mutation => new HoldingDelta(mutation.UserId, mutation.Before, mutation.After)).ToArray());
    }

    public async Task<RevisionToken> ApplyBulkAsync(BulkEdit edit, HoldingDelta[] planned)
    {
        RequireExists();
        await _parent.PullAsync();
        var mutations = State.Assignments.PlanBulk(_key.UnitId, edit, Permissions.Table);
        if (!mutations.Select(mutation => new HoldingDelta(mutation.UserId, mutation.Before, mutation.After)).SequenceEqual(planned))
        {
            throw DomainException.Precondition($"assignments in unit '{_key.UnitId}' changed while the bulk edit was being applied: nothing was changed, retry");
        }

        return await WriteAsync(mutations);
    }

    public async Task UndoBulkAsync(HoldingDelta[] applied)
    {
        RequireExists();
        await WriteAsync(applied.Select(delta => State.Assignments.PlanRestore(_key.UnitId, delta.UserId, delta.Before)).ToArray());
    }

    public Task<PermissionChange[]> ImpactOfRoleTableAsync(RoleTable proposed) => Task.FromResult(Queries.ImpactOf(proposed, time.GetUtcNow()));

    public async Task RemoveUserAsync(string userId)
    {
        if (State.Exists && State.Assignments.Find(userId) is not null)
        {
            await CommitAsync([State.Assignments.PlanRemoveUser(_key.UnitId, userId)], sent: null, forInheritance: false);
        }

        await User(userId).RemoveUnitAsync(_key.UnitId);
    }

    public async Task<FanOut[]> GetFanOutsAfterAsync(long afterSequence)
    {
        RequireExists();
        await _parent.PullAsync();
        return new ChildLog(State).After(afterSequence);
    }

    public async Task<bool> CatchUpAsync(RevisionToken token)
    {
        RequireExists();
        if (!_applied.Covers(token))
        {
            var head = await Feed.HeadAsync();
            if (AppliedRevision.NeedsRoleTable(head, Permissions.Table.Version))
            {
                await RefreshRoleTableAsync();
            }

            await _parent.PullAsync();
            if (_applied.CaughtUp(head, Permissions.Table.Version))
            {
                _views.Changed();
            }
        }

        if (!_applied.Covers(token))
        {
            return false;
        }

        PublishView();
        return true;
    }

    public async Task ResyncAsync()
    {
        if (!State.Exists)
        {
            return;
        }

        try
        {
            await RefreshRoleTableAsync();
            await _parent.PullAsync();
        }
        catch (Exception error) when (!DomainException.ChangedNothing(error))
        {
            _parent.DeactivateAfterFailure(error);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ExpirySchedule.Reminder ? _expiry.FiredAsync() : Task.CompletedTask;

    public async ValueTask<bool> CheckAsync(string userId, string permissionId)
    {
        await RefreshRoleTableIfUnknownAsync([permissionId]);
        PublishView();
        return Permissions.Check(userId, permissionId, time.GetUtcNow()) switch
        {
            CheckOutcome.Allowed => true,
            CheckOutcome.Denied => false,
            _ => throw DomainException.NotFound("permission", permissionId),
        };
    }

    public async Task<CheckOutcome[]> CheckManyAsync(UserCheck[] checks)
    {
        await RefreshRoleTableIfUnknownAsync(checks.Select(check => check.PermissionId));
        PublishView();
        return Queries.Check(checks, time.GetUtcNow());
    }

    public Task<HoldingEvaluation> ExplainAsync(string userId, string permissionId) =>
        Task.FromResult(Queries.Explain(userId, permissionId, time.GetUtcNow()));

    public Task<AssignmentView[]> ListAssignmentsAsync(string? afterUserId, int limit, string[]? userIds)
    {
        RequireExists();
        return Task.FromResult(Queries.List(afterUserId, limit, userIds));
    }

    public Task<AssignmentView?> FindAssignmentAsync(string userId) => Task.FromResult(State.Exists ? Queries.Find(userId) : null);

    public Task<UserIdPage> LookupUsersAsync(string permissionId, string? afterUserId, int limit) =>
        Task.FromResult(Queries.LookupUsers(permissionId, afterUserId, limit, time.GetUtcNow()));

    private void RequireExists() => _ = Permissions;

    /// <summary>The table may predate a permission created a moment ago: asks the organization once before refusing it.</summary>
    private async ValueTask RefreshRoleTableIfUnknownAsync(IEnumerable<string> permissionIds)
    {
        if (permissionIds.Any(permissionId => !Permissions.Table.TryGetPermissionIndex(permissionId, out _)))
        {
            await RefreshRoleTableAsync();
        }
    }

    private void SetPermissions(UnitPermissions? permissions)
    {
        _permissions = permissions;
        _views.Changed();
    }

    /// <summary>Lets the silo's check path answer from a copy of what this unit knows now, until it next changes.</summary>
    private void PublishView()
    {
        if (_permissions is not null && !_views.IsCurrent)
        {
            _views.Publish(new UnitCheckView(_views.Version, _applied.Revision, _permissions.Freeze()));
        }
    }

    /// <summary>A write made here: committed, persisted, sent down, recorded in the change feed.</summary>
    private async Task<WriteResult> WriteAsync(Mutation mutation)
    {
        var token = await WriteAsync([mutation]);
        return new WriteResult(Queries.Of(mutation.UserId), token);
    }

    private async Task<RevisionToken> WriteAsync(Mutation[] mutations)
    {
        foreach (var mutation in mutations.Where(mutation => mutation.Before is null && mutation.After is not null))
        {
            // Checks that the user exists and is not deleted, before anything changes.
            await User(mutation.UserId).AddUnitAsync(_key.UnitId);
        }

        return new RevisionToken(await CommitAsync(mutations, sent: null, forInheritance: false));
    }

    private async Task<long> CommitAsync(Mutation[] mutations, FanOut[]? sent, bool forInheritance)
    {
        var revision = await _committer.CommitAsync(mutations, () => Permissions, Children, sent, forInheritance);
        await _expiry.ScheduleAsync();
        return revision;
    }

    private async Task ReceiveRoleTableAsync(RoleTable table)
    {
        AuthzMetrics.RecordReceived(UnitStreams.RoleTables);
        if (!State.Exists || table.Version <= Permissions.Table.Version)
        {
            return;
        }

        SetPermissions(UnitPermissions.Compile(State.Assignments, table));
        await Children.SendAsync(UnitStreams.RoleTables, State.Children, [table]);
    }

    private async Task RefreshRoleTableAsync()
    {
        var table = await GrainFactory.Organization(_key.OrganizationId).GetRoleTableAsync();
        if (_permissions is null || table.Version > _permissions.Table.Version)
        {
            SetPermissions(UnitPermissions.Compile(State.Assignments, table));
        }
    }

    private UnitQueries Queries => new(_key.UnitId, State.Assignments, Permissions);

    private ChildStreams Children =>
        new(this.GetStreamProvider(StorageNames.Streams), GrainFactory, _key.OrganizationId, this.GetPrimaryKeyString(), logger);

    private IChangeFeedGrain Feed => GrainFactory.ChangeFeed(_key.OrganizationId);

    private IUserGrain User(string userId) => GrainFactory.User(_key.OrganizationId, userId);
}
