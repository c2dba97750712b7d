using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Domain;
using Grpc.Core;

namespace Authz.Gateway.Services;

public sealed class UsersService(IGrainFactory grains) : Users.UsersBase
{
    private const int DefaultPageSize = 50;
    internal const int MaxInvitees = 100;

    public override async Task<User> CreateUser(CreateUserRequest request, ServerCallContext context)
    {
        var directory = grains.UserDirectory(request.OrganizationId);
        var userId = Ids.Optional(request.UserId, "user_id");
        var email = Ids.RequireEmail(request.Email, "email");
        var givenName = DisplayText.Require(request.GivenName, "given_name", Ids.MaxPersonNameLength);
        var familyName = DisplayText.Require(request.FamilyName, "family_name", Ids.MaxPersonNameLength);
        return (await directory.CreateUserAsync(userId, email, givenName, familyName)).ToApi(request.OrganizationId);
    }

    public override async Task<User> GetUser(GetUserRequest request, ServerCallContext context) =>
        (await grains.User(request.OrganizationId, request.UserId).GetAsync()).ToApi(request.OrganizationId);

    public override async Task<ListUsersResponse> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        var directory = grains.UserDirectory(request.OrganizationId);
        var page = await directory.SearchAsync(request.Query.Trim(), request.PageToken, PageToken.Size(request.PageSize, DefaultPageSize));
        return new ListUsersResponse
        {
            Users = { page.Users.Select(user => user.ToApi(request.OrganizationId)) },
            NextPageToken = page.NextPageToken ?? "",
        };
    }

    public override async Task<ResendActivationResponse> ResendActivation(ResendActivationRequest request, ServerCallContext context)
    {
        await grains.User(request.OrganizationId, request.UserId).SendLinkAsync(LinkPurpose.Activation);
        return new ResendActivationResponse();
    }

    public override async Task<ResetPasswordResponse> ResetPassword(ResetPasswordRequest request, ServerCallContext context)
    {
        var user = grains.User(request.OrganizationId, request.UserId);
        if ((await grains.Organization(request.OrganizationId).GetSettingsAsync()).SsoEnabled)
        {
            throw DomainException.Precondition("the organization signs in with SSO: passwords are managed there");
        }

        await user.SendLinkAsync(LinkPurpose.PasswordReset);
        return new ResetPasswordResponse();
    }

    public override async Task<User> SuspendUser(SuspendUserRequest request, ServerCallContext context) =>
        (await grains.UserDirectory(request.OrganizationId).SuspendUserAsync(Ids.Require(request.UserId, "user_id"))).ToApi(request.OrganizationId);

    public override async Task<User> ResumeUser(ResumeUserRequest request, ServerCallContext context) =>
        (await grains.UserDirectory(request.OrganizationId).ResumeUserAsync(Ids.Require(request.UserId, "user_id"))).ToApi(request.OrganizationId);

    public override async Task<User> DeleteUser(DeleteUserRequest request, ServerCallContext context) =>
        (await grains.UserDirectory(request.OrganizationId).DeleteUserAsync(Ids.Require(request.UserId, "user_id"), request.RemoteWipe)).ToApi(request.OrganizationId);

    public override async Task<User> ChangeUserEmail(ChangeUserEmailRequest request, ServerCallContext context)
    {
        var directory = grains.UserDirectory(request.OrganizationId);
        var userId = Ids.Require(request.UserId, "user_id");
        var email = Ids.RequireEmail(request.Email, "email");
        return (await directory.ChangeEmailAsync(userId, email)).ToApi(request.OrganizationId);
    }

    public override async Task<TransferAccountResponse> TransferAccount(TransferAccountRequest request, ServerCallContext context)
    {
        var directory = grains.UserDirectory(request.OrganizationId);
        var from = Ids.Require(request.FromUserId, "from_user_id");
        var to = Ids.Require(request.ToUserId, "to_user_id");
        return new TransferAccountResponse { UnitIds = { await directory.TransferRolesAsync(from, to) } };
    }

    public override async Task<SendDomainInvitationsResponse> SendDomainInvitations(SendDomainInvitationsRequest request, ServerCallContext context)
    {
        var directory = grains.UserDirectory(request.OrganizationId);
        if (request.Invitees.Count is 0 or > MaxInvitees)
        {
            throw DomainException.Invalid("invitees", $"invitees must hold 1 to {MaxInvitees} people");
        }

        var invitees = request.Invitees.Select((invitee, i) => new Grains.Domain.NewUser(
            null,
            Ids.RequireEmail(invitee.Email, $"invitees[{i}].email"),
            DisplayText.Require(invitee.GivenName, $"invitees[{i}].given_name", Ids.MaxPersonNameLength),
            DisplayText.Require(invitee.FamilyName, $"invitees[{i}].family_name", Ids.MaxPersonNameLength))).ToArray();
        var users = await directory.InviteFromDomainsAsync(invitees);
        return new SendDomainInvitationsResponse { Users = { users.Select(user => user.ToApi(request.OrganizationId)) } };
    }

    public override async Task<EndSessionsResponse> EndSessions(EndSessionsRequest request, ServerCallContext context)
    {
        await grains.User(request.OrganizationId, request.UserId).EndSessionsAsync();
        return new EndSessionsResponse();
    }
}
