using Authz.Grains.Domain;
using Authz.Grains.Messaging;
using Authz.Grains.Organizations;
using Microsoft.Extensions.Options;

namespace Authz.Grains.Users;

public sealed class UserGrain(
    [PersistentState("user", StorageNames.Authz)] IPersistentState<UserState> state,
    TimeProvider time,
    IOptions<MessageOptions> messages) : Grain, IUserGrain
{
    private UserState State => state.State;

    private string OrganizationId => GrainKeys.ParseUser(this.GetPrimaryKeyString()).OrganizationId;

    public async Task<UserProfile> CreateAsync(UserProfile profile)
    {
        if (State.Profile is { } existing)
        {
            return existing == profile with { CreateTime = existing.CreateTime }
                ? existing
                : throw DomainException.AlreadyExists($"user '{profile.UserId}' already exists");
        }

        State.Profile = profile;
        var link = State.Account.IssueLink(profile.Status, LinkPurpose.Activation, time.GetUtcNow());
        await state.SaveAsync(this);
        await SendAsync(link, reminder: false);
        return profile;
    }

    public Task<UserProfile> GetAsync() => Task.FromResult(RequireProfile());

    public Task<AccountFacts> GetAccountFactsAsync()
    {
        var profile = RequireProfile();
        return Task.FromResult(new AccountFacts(profile.Status, profile.Email, State.Account.SessionGeneration));
    }

    public async Task SendLinkAsync(LinkPurpose purpose)
    {
        var profile = RequireLiving();
        var link = State.Account.IssueLink(profile.Status, purpose, time.GetUtcNow());
        await state.SaveAsync(this);
        await SendAsync(link, reminder: purpose == LinkPurpose.Activation);
    }

    public async Task<LinkPurpose> RedeemLinkAsync(string token, string? password)
    {
        var profile = RequireLiving();
        if (profile.Status == UserStatus.Suspended)
        {
            throw DomainException.Precondition("the user is suspended");
        }

        var settings = await GrainFactory.Organization(OrganizationId).GetSettingsAsync();
        var now = time.GetUtcNow();
        var purpose = State.Account.Redeem(token, password, settings.SsoEnabled, settings.MinimumPasswordLength, profile.Email, now);
        var updated = purpose == LinkPurpose.Activation ? profile with { Status = UserStatus.Active, ActivateTime = now } : profile;
        State.Profile = updated;
        await state.SaveAsync(this);
        if (purpose == LinkPurpose.Activation)
        {
            await GrainFactory.UserDirectory(OrganizationId).UpdateAsync(updated);
            await Outbox.EnqueueAsync(Messages.Confirmation(OrganizationId, updated, now));
        }

        return purpose;
    }

    public async Task<AccountFacts> SignInAsync(string password)
    {
        var profile = State.Profile;
        var (outcome, changed) = State.Account.SignIn(profile?.Status == UserStatus.Active, profile?.Email ?? "", password, time.GetUtcNow());
        if (changed)
        {
            await state.SaveAsync(this);
        }

        return outcome == SignInOutcome.Accepted
            ? new AccountFacts(profile!.Status, profile.Email, State.Account.SessionGeneration)
            : throw UserAccount.SignInRefused();
    }

    public async Task<UserProfile> ChangeEmailAsync(string email)
    {
        var profile = RequireLiving() with { Email = email };
        State.Profile = profile;
        var link = profile.Status == UserStatus.NotActivated ? State.Account.IssueLink(profile.Status, LinkPurpose.Activation, time.GetUtcNow()) : null;
        await state.SaveAsync(this);
        if (link is not null)
        {
            await SendAsync(link, reminder: false);
        }

        return profile;
    }

    public async Task EndSessionsAsync()
    {
        RequireLiving();
        State.Account.EndSessions();
        await state.SaveAsync(this);
    }

    public async Task<UserProfile> SuspendAsync()
    {
        var profile = RequireLiving();
        if (profile.Status != UserStatus.Suspended)
        {
            State.Profile = profile with { Status = UserStatus.Suspended };
            State.Account.EndSessions();
            await state.SaveAsync(this);
        }

        return State.Profile!;
    }

    public async Task<UserProfile> ResumeAsync()
    {
        var profile = RequireLiving();
        if (profile.Status == UserStatus.Suspended)
        {
            State.Profile = profile with { Status = profile.ActivateTime is null ? UserStatus.NotActivated : UserStatus.Active };
            await state.SaveAsync(this);
        }

        return State.Profile!;
    }

    public async Task<UserProfile> DeleteAsync(bool remoteWipe)
    {
        var profile = RequireProfile();
        if (profile.Status != UserStatus.Deleted)
        {
            State.Profile = profile with { Status = UserStatus.Deleted };
            State.Account.Close(remoteWipe);
            await state.SaveAsync(this);
        }

        return State.Profile!;
    }

    public async Task AddUnitAsync(string unitId)
    {
        RequireLiving();
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

    private IOutboxGrain Outbox => GrainFactory.Outbox(OrganizationId);

    private Task SendAsync(IssuedLink link, bool reminder) =>
        Outbox.EnqueueAsync(Messages.ForLink(OrganizationId, State.Profile!, link, messages.Value.LinkBaseUrl, reminder, time.GetUtcNow()));

    private UserProfile RequireProfile()
    {
        if (State.Profile is { } profile)
        {
            return profile;
        }

        // Asked about a user who does not exist: nothing to keep in memory.
        DeactivateOnIdle();
        throw DomainException.NotFound("user", GrainKeys.ParseUser(this.GetPrimaryKeyString()).UserId);
    }

    private UserProfile RequireLiving()
    {
        var profile = RequireProfile();
        return profile.Status == UserStatus.Deleted ? throw DomainException.NotFound("user", profile.UserId) : profile;
    }
}
