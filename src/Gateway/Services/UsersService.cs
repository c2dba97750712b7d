using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Domain;
using Grpc.Core;

namespace Authz.Gateway.Services;

public sealed class UsersService(IGrainFactory grains) : Users.UsersBase
{
    private const int DefaultPageSize = 50;

    public override async Task<User> CreateUser(CreateUserRequest request, ServerCallContext context)
    {
        var directory = grains.UserDirectory(request.OrganizationId);
        var userId = Ids.Optional(request.UserId, "user_id");
        var email = Ids.RequireEmail(request.Email, "email");
        var givenName = Ids.RequireName(request.GivenName, "given_name", Ids.MaxPersonNameLength);
        var familyName = Ids.RequireName(request.FamilyName, "family_name", Ids.MaxPersonNameLength);
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

    public override async Task<EndSessionsResponse> EndSessions(EndSessionsRequest request, ServerCallContext context)
    {
        await grains.User(request.OrganizationId, request.UserId).EndSessionsAsync();
        return new EndSessionsResponse();
    }
}
