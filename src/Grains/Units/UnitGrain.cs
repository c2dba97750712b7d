using Authz.Grains.Domain;
using Authz.Grains.Organizations;
using Authz.Grains.Users;

namespace Authz.Grains.Units;

public sealed class UnitGrain(
    [PersistentState("unit", StorageNames.Authz)] IPersistentState<UnitState> state) : Grain, IUnitGrain
{
    private (string OrganizationId, string UnitId) _key;
    private UnitPermissions? _permissions;

    private UnitState State => state.State;

    private UnitPermissions Permissions => _permissions ?? throw DomainException.NotFound("unit", _key.UnitId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = GrainKeys.ParseUnit(this.GetPrimaryKeyString());
        if (State.Exists)
        {
            await RefreshRoleTableAsync();
        }
    }

    public async Task InitializeAsync(string? parentUnitId)
    {
        if (State.Exists && State.Assignments.Count > 0)
        {
            throw DomainException.AlreadyExists($"unit '{_key.UnitId}' already exists");
        }

        State.Exists = true;
        State.ParentId = parentUnitId;
        await state.SaveAsync(this);
        await RefreshRoleTableAsync();
    }

    public async Task DeleteAsync()
    {
        if (!State.Exists)
        {
            return;
        }

        if (State.Assignments.Count > 0)
        {
            throw DomainException.Precondition($"unit '{_key.UnitId}' has {State.Assignments.Count} user(s) holding roles: remove their roles first");
        }

        await state.ClearStateAsync();
        _permissions = null;
        DeactivateOnIdle();
    }

    public Task ApplyRoleTableAsync(RoleTable table)
    {
        if (_permissions is not null && table.Version > _permissions.Table.Version)
        {
            _permissions = UnitPermissions.Compile(State.Assignments, table);
        }

        return Task.CompletedTask;
    }

    public Task<int> CountHoldersAsync(string roleId) => Task.FromResult(State.Assignments.CountHolders(roleId));

    public async Task<AssignmentView> AssignRolesAsync(string userId, string[] roleIds)
    {
        if (roleIds.Any(roleId => Permissions.Table.FindRole(roleId) is not { Assignable: true }))
        {
            // The table may predate a role created a moment ago; ask the organization once before refusing.
            await RefreshRoleTableAsync();
        }

        var roles = State.Assignments.PlanAssign(userId, roleIds, Permissions.Table);
        await User(userId).AddUnitAsync(_key.UnitId);
        await SetAsync(userId, roles);
        return View(userId);
    }

    public async Task<AssignmentView> RemoveRolesAsync(string userId, string[] roleIds)
    {
        RequireExists();
        var roles = State.Assignments.PlanRemove(userId, roleIds);
        await SetAsync(userId, roles);
        if (roles.Length == 0)
        {
            await User(userId).RemoveUnitAsync(_key.UnitId);
        }

        return View(userId);
    }

    public async Task RemoveUserAsync(string userId)
    {
        if (State.Exists && State.Assignments.RolesByUser.ContainsKey(userId))
        {
            await SetAsync(userId, []);
        }

        await User(userId).RemoveUnitAsync(_key.UnitId);
    }

    public ValueTask<bool> CheckAsync(string userId, string permissionId) =>
        Permissions.Check(userId, permissionId) switch
        {
            CheckOutcome.Allowed => ValueTask.FromResult(true),
            CheckOutcome.Denied => ValueTask.FromResult(false),
            _ => throw DomainException.NotFound("permission", permissionId),
        };

    public Task<CheckOutcome[]> CheckManyAsync(UserCheck[] checks)
    {
        var permissions = Permissions;
        var outcomes = new CheckOutcome[checks.Length];
        for (var i = 0; i < checks.Length; i++)
        {
            outcomes[i] = permissions.Check(checks[i].UserId, checks[i].PermissionId);
        }

        return Task.FromResult(outcomes);
    }

    public Task<RoleEvaluation[]> ExplainAsync(string userId, string permissionId)
    {
        if (!Permissions.Table.TryGetPermissionIndex(permissionId, out var index))
        {
            throw DomainException.NotFound("permission", permissionId);
        }

        return Task.FromResult(Permissions.Explain(State.Assignments.RolesOf(userId), index));
    }

    public Task<AssignmentView[]> ListAssignmentsAsync(string? afterUserId, int limit, string[]? userIds)
    {
        RequireExists();
        var users = userIds is { Length: > 0 }
            ? userIds.Where(State.Assignments.RolesByUser.ContainsKey)
            : State.Assignments.RolesByUser.Keys;
        return Task.FromResult(users
            .Where(userId => afterUserId is null || string.CompareOrdinal(userId, afterUserId) > 0)
            .Order(StringComparer.Ordinal)
            .Take(limit)
            .Select(View)
            .ToArray());
    }

    public Task<AssignmentView?> FindAssignmentAsync(string userId) =>
        Task.FromResult(State.Exists && State.Assignments.RolesByUser.ContainsKey(userId) ? View(userId) : null);

    public Task<UserIdPage> LookupUsersAsync(string permissionId, string? afterUserId, int limit)
    {
        if (!Permissions.Table.TryGetPermissionIndex(permissionId, out var index))
        {
            throw DomainException.NotFound("permission", permissionId);
        }

        var users = Permissions.UsersWith(index, afterUserId).Take(limit + 1).ToArray();
        return Task.FromResult(new UserIdPage(users.Take(limit).ToArray(), users.Length > limit));
    }

    private void RequireExists() => _ = Permissions;

    private async Task SetAsync(string userId, string[] roles)
    {
        State.Assignments.Set(userId, roles);
        await state.SaveAsync(this);
        Permissions.Refresh(userId, roles);
    }

    private AssignmentView View(string userId) =>
        new(userId, _key.UnitId, State.Assignments.RolesOf(userId)
            .Select(roleId => new AssignedRole(roleId, Permissions.Table.FindRole(roleId)?.DisplayName ?? roleId))
            .ToArray());

    private async Task RefreshRoleTableAsync()
    {
        var table = await GrainFactory.GetGrain<IOrganizationGrain>(_key.OrganizationId).GetRoleTableAsync();
        if (_permissions is null || table.Version > _permissions.Table.Version)
        {
            _permissions = UnitPermissions.Compile(State.Assignments, table);
        }
    }

    private IUserGrain User(string userId) => GrainFactory.GetGrain<IUserGrain>(GrainKeys.User(_key.OrganizationId, userId));
}
