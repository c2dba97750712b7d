using Authz.Grains.Content;
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
        return await PutAsync(await Organization.ChangeAccountAsync(userId, AccountChange.Suspend()));
    }

    public async Task<UserProfile> ResumeUserAsync(string userId)
    {
        RequireOrganization();
        return await PutAsync(await Organization.ChangeAccountAsync(userId, AccountChange.Resume()));
    }

    public async Task<UserProfile> DeleteUserAsync(string userId, bool remoteWipe)
    {
        RequireOrganization();
        var user = User(userId);
        if ((await user.GetAsync()).Status == UserStatus.Deleted)
        {
            throw DomainException.NotFound("user", userId);
        }

        if (await GrainFactory.LegalHolds(OrganizationId).HoldsOnAsync(userId) is [var hold, ..])
        {
            throw DomainException.Precondition($"user '{userId}' is under legal hold '{hold.HoldId}': release it before deleting the user");
        }

        var deleted = await Organization.ChangeAccountAsync(userId, AccountChange.Delete(remoteWipe));
        var units = await user.GetUnitsAsync();
        await Task.WhenAll(units.Select(unitId => GrainFactory.UnitProtocol(OrganizationId, unitId).RemoveUserAsync(userId)));
        State.Directory.Remove(userId);
        await state.SaveAsync(this);
        return deleted;
    }

    public async Task<UserProfile> ChangeEmailAsync(string userId, string email)
    {
        RequireOrganization();
        var current = State.Directory.Find(userId) ?? throw DomainException.NotFound("user", userId);
        if (State.Directory.FindByEmail(email) is { } holder && holder.UserId != userId)
        {
            throw DomainException.AlreadyExists($"a user with e-mail '{email}' already exists");
        }

        return current.Email == email ? current : await PutAsync(await Organization.ChangeAccountAsync(userId, AccountChange.ChangeEmail(email)));
    }

    public async Task<string[]> TransferRolesAsync(string fromUserId, string toUserId)
    {
        RequireOrganization();
        if (fromUserId == toUserId)
        {
            throw DomainException.Invalid("to_user_id", "to_user_id must differ from from_user_id");
        }

        if (State.Directory.Find(toUserId) is null)
        {
            throw DomainException.NotFound("user", toUserId);
        }

        var accesses = await GrainFactory.AccessQueries(OrganizationId).ListUserAccessesAsync(fromUserId, everyUnit: false, token: null);
        var table = await Organization.GetRoleTableAsync();
        if (accesses.SelectMany(access => access.Roles).FirstOrDefault(role => table.FindRole(role.RoleId) is { } compiled && GrantsAdmin(compiled, table)) is { } adminRole)
        {
            throw DomainException.Precondition($"role '{adminRole.RoleId}' holds admin permissions: a team administrator moves it with AssignRoles (ADM-5)");
        }

        // Direct roles move with their windows and inheritance; inherited copies follow from their origin.
        foreach (var access in accesses.Where(access => access.OriginUnitId is null))
        {
            var unit = GrainFactory.Unit(OrganizationId, access.UnitId);
            foreach (var window in access.Roles.GroupBy(role => (role.ValidFrom, role.ValidUntil)))
            {
                await unit.AssignRolesAsync(toUserId, window.Select(role => role.RoleId).ToArray(), window.Key.ValidFrom, window.Key.ValidUntil);
            }

            if (access.Inheritance is { } mode)
            {
                await unit.SetInheritanceAsync(toUserId, mode);
            }
        }

        foreach (var access in accesses)
        {
            await GrainFactory.UnitProtocol(OrganizationId, access.UnitId).RemoveUserAsync(fromUserId);
        }

        return accesses.Select(access => access.UnitId).ToArray();
    }

    public async Task<UserProfile[]> InviteFromDomainsAsync(NewUser[] invitees)
    {
        RequireOrganization();
        var settings = await Organization.GetSettingsAsync();
        if (settings.TrustedEmailDomains.Length == 0)
        {
            throw DomainException.Precondition("domain invitations need trusted e-mail domains: set them in the authentication settings first (ORG-5)");
        }

        foreach (var (invitee, i) in invitees.Select((invitee, i) => (invitee, i)))
        {
            if (!settings.TrustsEmail(invitee.Email))
            {
                throw DomainException.Precondition($"invitees[{i}].email '{invitee.Email}' is outside the trusted domains");
            }

            if (invitees.Take(i).Any(other => string.Equals(other.Email, invitee.Email, StringComparison.OrdinalIgnoreCase)))
            {
                throw DomainException.Invalid($"invitees[{i}].email", $"'{invitee.Email}' is invited twice");
            }

            if (State.Directory.FindByEmail(invitee.Email) is not null)
            {
                throw DomainException.AlreadyExists($"a user with e-mail '{invitee.Email}' already exists");
            }
        }

        var created = new List<UserProfile>(invitees.Length);
        foreach (var invitee in invitees)
        {
            created.Add(await CreateUserAsync(null, invitee.Email, invitee.GivenName, invitee.FamilyName));
        }

        return [.. created];
    }

    public Task<Dictionary<UserStatus, int>> CountByStatusAsync()
    {
        RequireOrganization();
        return Task.FromResult(State.Directory.Users.Values.GroupBy(user => user.Status).ToDictionary(group => group.Key, group => group.Count()));
    }

    private static bool GrantsAdmin(CompiledRole role, RoleTable table) =>
        table.Permissions.Where((permission, index) => AdminPermissions.IsAdmin(permission) && role.Permissions.Contains(index)).Any();

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

    private IOrganizationGrain Organization => GrainFactory.Organization(OrganizationId);

    private IUserGrain User(string userId) => GrainFactory.User(OrganizationId, userId);

    private void RequireOrganization()
    {
        if (!State.OrganizationExists)
        {
            // Asked about an organization that does not exist: nothing to keep in memory.
            DeactivateOnIdle();
            throw DomainException.NotFound("organization", OrganizationId);
        }
    }
}
