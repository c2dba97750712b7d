using Authz.Grains.Changes;
using Authz.Grains.Domain;
using Authz.Grains.Units;
using Authz.Grains.Users;
using Orleans.Streams;

namespace Authz.Grains.Organizations;

public sealed class OrganizationGrain(
    [PersistentState("organization", StorageNames.Authz)] IPersistentState<OrganizationState> state,
    TimeProvider time) : Grain, IOrganizationGrain
{
    private RoleTable _roleTable = RoleTable.Empty;

    private OrganizationState State => state.State;

    private string OrganizationId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Roles.RetiringRoleId is not null)
        {
            // A deletion was cut off between its steps: the role was never removed, so it is assignable again.
            State.Roles.CancelRetirement();
            await state.SaveAsync(this);
        }

        _roleTable = State.Roles.Compile();
        if (State.Profile is not null)
        {
            // Organizations created before the registry existed join it the first time they are used.
            await GrainFactory.OrganizationRegistry(OrganizationId).RegisterAsync(OrganizationId);
        }
    }

    public async Task<OrganizationProfile> CreateAsync(
        string displayName, Plan plan, OrganizationStructure structure, AddOn[] addOns,
        NewUser administrator, NewUser? legalRepresentative, NewUser? superAdministrator)
    {
        if (State.Profile is not null)
        {
            throw DomainException.AlreadyExists($"organization '{OrganizationId}' already exists");
        }

        var now = time.GetUtcNow();
        var directory = GrainFactory.UserDirectory(OrganizationId);
        await directory.InitializeAsync();
        var admin = await CreateUserAsync(directory, administrator);
        var legal = legalRepresentative is null ? admin : await CreateUserAsync(directory, legalRepresentative);
        var super = superAdministrator is null ? admin : await CreateUserAsync(directory, superAdministrator);
        var profile = new OrganizationProfile(OrganizationId, displayName, plan, structure, addOns.Distinct().Order().ToArray(), now);
        State.Roles = RoleCatalog.WithPredefinedRoles(now, profile.AddOns);
        State.Administrators = new Administrators();
        State.Administrators.Add(admin, AdminRoleMatrix.TeamAdmin, Subscription(profile), State.Roles, now);
        State.Officers = Officers.Of([legal], [super]);
        await GrainFactory.OrganizationRegistry(OrganizationId).RegisterAsync(OrganizationId);
        State.Profile = profile;
        await state.SaveAsync(this);
        _roleTable = State.Roles.Compile();
        return State.Profile;
    }

    public Task<OrganizationProfile> GetAsync() => Task.FromResult(RequireProfile());

    public Task<Permission[]> ListPermissionsAsync()
    {
        RequireProfile();
        return Task.FromResult(State.Roles.Permissions.ToArray());
    }

    public async Task<Permission> CreatePermissionAsync(string permissionId, string description)
    {
        RequireProfile();
        var permission = State.Roles.AddApplicationPermission(permissionId, description);
        await SaveAndPublishRoleTableAsync();
        return permission;
    }

    public async Task<RoleDefinition> CreateRoleAsync(string? roleId, string displayName, string[] permissionIds)
    {
        RequireProfile();
        var role = State.Roles.CreateRole(roleId ?? Ids.NewId(), displayName, permissionIds, time.GetUtcNow());
        await SaveAndPublishRoleTableAsync();
        return role;
    }

    public Task<RoleDefinition> GetRoleAsync(string roleId)
    {
        RequireProfile();
        return Task.FromResult(State.Roles.Get(roleId));
    }

    public Task<RoleDefinition[]> ListRolesAsync()
    {
        RequireProfile();
        return Task.FromResult(State.Roles.Roles.OrderByDescending(role => role.Sequence).ToArray());
    }

    public async Task<RoleDefinition> SetRolePermissionsAsync(string roleId, string[] permissionIds)
    {
        RequireProfile();
        var role = State.Roles.SetPermissions(roleId, permissionIds);
        await SaveAndPublishRoleTableAsync();
        return role;
    }

    public async Task<RolePreview> PreviewRolePermissionsAsync(string roleId, string[] permissionIds, string? pageToken, int pageSize)
    {
        RequireProfile();
        var role = State.Roles.PlanPermissions(roleId, permissionIds);
        var proposed = _roleTable.WithPermissions(roleId, role.PermissionIds);
        var changes = await Task.WhenAll(State.Units.Units.Keys.Select(unitId => UnitProtocol(unitId).ImpactOfRoleTableAsync(proposed)));
        return new RolePreview(role, ImpactPage.Of(changes.SelectMany(unit => unit), pageToken, pageSize));
    }

    public async Task<RoleDefinition> RenameRoleAsync(string roleId, string displayName)
    {
        RequireProfile();
        var role = State.Roles.Rename(roleId, displayName);
        await SaveAndPublishRoleTableAsync();
        return role;
    }

    public async Task DeleteRoleAsync(string roleId)
    {
        RequireProfile();
        State.Roles.BeginRetirement(roleId);
        await SaveAndPublishRoleTableAsync(everyUnitNow: true);
        var holders = await Task.WhenAll(State.Units.Units.Keys.Select(unitId => UnitProtocol(unitId).CountHoldersAsync(roleId)));
        if (holders.Sum() is var count and > 0)
        {
            State.Roles.CancelRetirement();
            await SaveAndPublishRoleTableAsync(everyUnitNow: true);
            throw DomainException.Precondition($"role '{roleId}' is held by {count} assignment(s): remove them first");
        }

        State.Roles.Remove(roleId);
        await SaveAndPublishRoleTableAsync();
    }

    public async Task<RoleDefinition> RestoreRoleAsync(string roleId)
    {
        var profile = RequireProfile();
        var role = State.Roles.Restore(roleId, profile.AddOns, time.GetUtcNow());
        await SaveAndPublishRoleTableAsync();
        return role;
    }

    public Task<RoleTable> GetRoleTableAsync() => Task.FromResult(_roleTable);

    public async Task<UnitView> CreateUnitAsync(string? unitId, string displayName, string? parentUnitId)
    {
        var profile = RequireProfile();
        var id = unitId ?? Ids.NewId();
        State.Units.RequireCanAdd(id, parentUnitId, profile.Structure);
        var placement = parentUnitId is null
            ? new UnitPlacement(null, [], profile.Structure == OrganizationStructure.Hierarchical, 0, [])
            : await UnitProtocol(parentUnitId).AddChildAsync(id);
        await UnitProtocol(id).InitializeAsync(placement);
        State.Units.Add(id, displayName, parentUnitId);
        await state.SaveAsync(this);
        return State.Units.View(id);
    }

    public Task<UnitView> GetUnitAsync(string unitId)
    {
        RequireProfile();
        return Task.FromResult(State.Units.View(unitId));
    }

    public async Task<UnitView> RenameUnitAsync(string unitId, string displayName)
    {
        RequireProfile();
        State.Units.Rename(unitId, displayName);
        await state.SaveAsync(this);
        return State.Units.View(unitId);
    }

    public async Task DeleteUnitAsync(string unitId)
    {
        RequireProfile();
        State.Units.RequireNoChildren(unitId);
        await UnitProtocol(unitId).DeleteAsync();
        if (State.Units.Get(unitId).ParentId is { } parentId)
        {
            await UnitProtocol(parentId).RemoveChildAsync(unitId);
        }

        State.Units.Remove(unitId);
        await state.SaveAsync(this);
    }

    public Task<UnitView[]> ListUnitsAsync()
    {
        RequireProfile();
        return Task.FromResult(State.Units.InTreeOrder());
    }

    public async Task<AccessVerdict> AuthorizeAsync(Caller caller, AccessRequest request)
    {
        RequireProfile();
        var verdict = Access.Decide(caller, request);
        if (verdict.Outcome != AccessOutcome.DependsOnUnits)
        {
            return verdict;
        }

        if (request.InSomeUnit && request.UnitIds.Length == 0)
        {
            return (await ReachAsync(caller, verdict.UnitPermission!)).IsEmpty
                ? AccessVerdict.Denied($"needs '{verdict.UnitPermission}' organization-wide or in at least one unit (ASG-7)")
                : AccessVerdict.Allowed($"holds '{verdict.UnitPermission}' in some units, and reaches only those (ASG-7)");
        }

        var held = await Task.WhenAll(request.UnitIds.Distinct(StringComparer.Ordinal).Select(unitId => HoldsInUnitAsync(unitId, caller.Id, verdict.UnitPermission!)));
        return held.All(yes => yes)
            ? AccessVerdict.Allowed($"holds '{verdict.UnitPermission}' in the unit(s) (ASG-7)")
            : AccessVerdict.Denied($"needs '{verdict.UnitPermission}' organization-wide or in every unit concerned (ASG-7)");
    }

    public async Task<UnitReach> ReachAsync(Caller caller, string permissionId)
    {
        RequireProfile();
        return caller.Kind == CallerKind.Operator || (caller.Kind == CallerKind.User && Access.AdminPermissionsOf(caller.Id).Contains(permissionId))
            ? UnitReach.All
            : caller.Kind == CallerKind.User
                ? new UnitReach(false, await GrainFactory.AccessQueries(OrganizationId).LookupUnitsAsync(caller.Id, permissionId, token: null))
                : new UnitReach(false, []);
    }

    public Task<OrganizationSettings> GetSettingsAsync()
    {
        RequireProfile();
        return Task.FromResult(State.Settings);
    }

    public async Task<OrganizationSettings> UpdateSettingsAsync(OrganizationSettings settings, string[] paths, string? callerEmail)
    {
        var profile = RequireProfile();
        var updated = State.Settings.With(settings, paths, Subscription(profile), callerEmail);
        var before = await TeamAdministrationAsync();
        before.RequireKeptBy(before with { Settings = updated }, "this settings change");
        State.Settings = updated;
        await state.SaveAsync(this);
        return State.Settings;
    }

    public async Task<AdministratorList> ListAdministratorsAsync()
    {
        RequireProfile();
        return AdministratorList.Of(await TeamAdministrationAsync());
    }

    public async Task<AdministratorList> AddAdministratorAsync(string userId, string roleId)
    {
        var profile = RequireProfile();
        await RequireLivingUserAsync(userId);
        return await ChangeAdministratorsAsync(
            administrators => administrators.Add(userId, roleId, Subscription(profile), State.Roles, time.GetUtcNow()), $"adding user '{userId}'");
    }

    public Task<AdministratorList> ChangeAdministratorRoleAsync(string userId, string roleId)
    {
        var profile = RequireProfile();
        return ChangeAdministratorsAsync(
            administrators => administrators.ChangeRole(userId, roleId, Subscription(profile), State.Roles), $"giving user '{userId}' the role '{roleId}'");
    }

    public Task<AdministratorList> SuspendAdministratorAsync(string userId)
    {
        RequireProfile();
        return ChangeAdministratorsAsync(administrators => administrators.Suspend(userId), $"suspending administrator '{userId}'");
    }

    public Task<AdministratorList> ResumeAdministratorAsync(string userId)
    {
        RequireProfile();
        return ChangeAdministratorsAsync(administrators => administrators.Resume(userId), $"resuming administrator '{userId}'");
    }

    public Task<AdministratorList> RemoveAdministratorAsync(string userId)
    {
        RequireProfile();
        return ChangeAdministratorsAsync(administrators => administrators.Remove(userId), $"removing administrator '{userId}'");
    }

    public async Task<string[]> GetAdminPermissionsAsync(string userId)
    {
        RequireProfile();
        await RequireLivingUserAsync(userId);
        var held = Access.AdminPermissionsOf(userId);
        return AdminPermissions.All.Select(permission => permission.Id).Where(held.Contains).ToArray();
    }

    public async Task<AccountFacts> ApproveImpersonationAsync(Caller caller, string userId)
    {
        RequireProfile();
        Access.RequireImpersonable(userId);
        var facts = await GrainFactory.User(OrganizationId, userId).GetAccountFactsAsync();
        if (facts.Status != UserStatus.Active)
        {
            throw DomainException.Precondition("only an active user can be impersonated");
        }

        return caller.Kind == CallerKind.User
            ? facts
            : throw new DomainException(DomainError.PermissionDenied, "impersonation is reserved to team administrators (ADM-7)");
    }

    public async Task<Audit.ActivitySummary> GetMemberActivityAsync(int maxEntries)
    {
        RequireProfile();
        var summary = await GrainFactory.AuditLog(OrganizationId).SummarizeAsync(maxEntries);
        return summary with { Users = summary.Users.Where(user => !State.Administrators.IsAdministrator(user.UserId)).ToArray() };
    }

    public Task<Officers> GetOfficersAsync()
    {
        RequireProfile();
        return Task.FromResult(State.Officers);
    }

    public async Task<Officers> SetOfficersAsync(string[] legalRepresentatives, string[] superAdministrators)
    {
        RequireProfile();
        var officers = Officers.Of(legalRepresentatives, superAdministrators);
        foreach (var userId in officers.LegalRepresentatives.Union(officers.SuperAdministrators))
        {
            await RequireLivingUserAsync(userId);
        }

        State.Officers = officers;
        await state.SaveAsync(this);
        return State.Officers;
    }

    public async Task<UserProfile> ChangeAccountAsync(string userId, AccountChange change)
    {
        RequireProfile();
        var deleting = change.Kind == AccountChangeKind.Delete;
        var officers = deleting && State.Officers.IsOfficer(userId) ? State.Officers.Without(userId) : State.Officers;
        var administrators = State.Administrators.Copy();
        if (State.Administrators.IsAdministrator(userId))
        {
            var before = await TeamAdministrationAsync();
            var account = before.Accounts[userId];
            if (deleting)
            {
                administrators.Remove(userId);
            }

            var after = (before with { Administrators = administrators.InUserOrder.ToArray() }).WithAccount(userId, change.Apply(account));
            before.RequireKeptBy(after, change.Describe(userId));
        }

        if (deleting && (officers != State.Officers || State.Administrators.IsAdministrator(userId)))
        {
            State.Officers = officers;
            State.Administrators = administrators;
            await state.SaveAsync(this);
        }

        var user = GrainFactory.User(OrganizationId, userId);
        return change.Kind switch
        {
            AccountChangeKind.Suspend => await user.SuspendAsync(),
            AccountChangeKind.Resume => await user.ResumeAsync(),
            AccountChangeKind.Delete => await user.DeleteAsync(change.RemoteWipe),
            _ => await user.ChangeEmailAsync(change.Email!),
        };
    }

    public async Task AddApiKeyAsync(string keyId)
    {
        RequireProfile();
        if (State.ApiKeyIds.Add(keyId))
        {
            await state.SaveAsync(this);
        }
    }

    public Task<string[]> ListApiKeysAsync()
    {
        RequireProfile();
        return Task.FromResult(State.ApiKeyIds.ToArray());
    }

    public Task<int> GetLicensesAsync()
    {
        RequireProfile();
        return Task.FromResult(State.Licenses);
    }

    public async Task<int> AddLicensesAsync(int count)
    {
        RequireProfile();
        if (count is < 1 or > 100_000)
        {
            throw DomainException.Invalid("count", "count must be 1 to 100000");
        }

        if ((long)State.Licenses + count > IOrganizationGrain.MaxLicenses)
        {
            throw DomainException.Precondition($"an organization has at most {IOrganizationGrain.MaxLicenses} licenses");
        }

        State.Licenses += count;
        await state.SaveAsync(this);
        return State.Licenses;
    }

    private OrganizationAccess Access =>
        new(Subscription(State.Profile!), State.Administrators, State.Officers, State.Roles, State.Settings);

    private static Subscription Subscription(OrganizationProfile profile) => new(profile.Plan, profile.AddOns);

    /// <summary>Applies the change to a copy of the administrators and keeps it only if an active team administrator remains (ADM-1).</summary>
    private async Task<AdministratorList> ChangeAdministratorsAsync(Action<Administrators> change, string description)
    {
        var changed = State.Administrators.Copy();
        change(changed);
        var before = await TeamAdministrationAsync(changed.InUserOrder.Select(admin => admin.UserId));
        var after = before with { Administrators = changed.InUserOrder.ToArray() };
        before.RequireKeptBy(after, description);
        State.Administrators = changed;
        await state.SaveAsync(this);
        return AdministratorList.Of(after);
    }

    /// <summary>The administrators with their accounts' standing, read from the user grains now, and the current settings.</summary>
    private async Task<TeamAdministration> TeamAdministrationAsync(IEnumerable<string>? alsoUserIds = null)
    {
        var administrators = State.Administrators.InUserOrder.ToArray();
        var userIds = administrators.Select(admin => admin.UserId).Union(alsoUserIds ?? [], StringComparer.Ordinal).ToArray();
        var accounts = await Task.WhenAll(userIds.Select(async userId => (userId, await StandingOfAsync(userId))));
        return new TeamAdministration(administrators, accounts.ToDictionary(entry => entry.userId, entry => entry.Item2, StringComparer.Ordinal), State.Settings);
    }

    private async Task<AccountStanding> StandingOfAsync(string userId)
    {
        try
        {
            var profile = await GrainFactory.User(OrganizationId, userId).GetAsync();
            return new AccountStanding(profile.Status, profile.Email);
        }
        catch (DomainException error) when (error.Error == DomainError.NotFound)
        {
            return new AccountStanding(UserStatus.Deleted, "");
        }
    }

    private async Task<bool> HoldsInUnitAsync(string unitId, string userId, string permissionId)
    {
        try
        {
            return await Unit(unitId).CheckAsync(userId, permissionId);
        }
        catch (DomainException error) when (error.Error == DomainError.NotFound)
        {
            return false;
        }
    }

    private async Task RequireLivingUserAsync(string userId)
    {
        if ((await GrainFactory.User(OrganizationId, userId).GetAsync()).Status == UserStatus.Deleted)
        {
            throw DomainException.NotFound("user", userId);
        }
    }

    /// <summary>Creates a founding user; one left by an earlier, interrupted attempt with the same e-mail is taken as is.</summary>
    private async Task<string> CreateUserAsync(IUserDirectoryGrain directory, NewUser user)
    {
        try
        {
            return (await directory.CreateUserAsync(user.UserId, user.Email, user.GivenName, user.FamilyName)).UserId;
        }
        catch (DomainException error) when (error.Error == DomainError.AlreadyExists && user.UserId is not null)
        {
            var existing = await GrainFactory.User(OrganizationId, user.UserId).GetAsync();
            if (!string.Equals(existing.Email, user.Email, StringComparison.OrdinalIgnoreCase))
            {
                throw;
            }

            return existing.UserId;
        }
    }

    private OrganizationProfile RequireProfile() =>
        State.Profile ?? throw DomainException.NotFound("organization", OrganizationId);

    private IUnitGrain Unit(string unitId) => GrainFactory.Unit(OrganizationId, unitId);

    private IUnitProtocolGrain UnitProtocol(string unitId) => GrainFactory.UnitProtocol(OrganizationId, unitId);

    /// <summary>
    /// Persists, then sends the new role table down the unit tree over streams, so role edits reach every unit's
    /// compiled permissions (ROLE-3); a unit that missed it fetches the table when it activates or when a revision
    /// token asks for a newer one. <paramref name="everyUnitNow"/> hands it to every unit before answering instead,
    /// for a role deletion, which must not race an assignment made with the old table. Last, the change takes a
    /// revision of the organization's feed, so that every token issued after it covers it (CHK-4).
    /// </summary>
    private async Task SaveAndPublishRoleTableAsync(bool everyUnitNow = false)
    {
        await state.SaveAsync(this);
        _roleTable = State.Roles.Compile();
        var table = _roleTable;
        if (everyUnitNow)
        {
            await Task.WhenAll(State.Units.Units.Keys.Select(unitId => UnitProtocol(unitId).ApplyRoleTableAsync(table)));
        }
        else
        {
            var streams = this.GetStreamProvider(StorageNames.Streams);
            foreach (var root in State.Units.Roots())
            {
                await UnitStreams.Of<RoleTable>(streams, UnitStreams.RoleTables, OrganizationId, root).OnNextAsync(table);
            }
        }

        await GrainFactory.ChangeFeed(OrganizationId).AdvanceRoleTableAsync(table.Version);
    }
}
