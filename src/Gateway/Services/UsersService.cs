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

    public override async Task<User> GetUser(GetUserRequest request, ServerCallContext context)
    {
        var user = grains.User(request.OrganizationId, request.UserId);
        return (await user.GetAsync()).ToApi(request.OrganizationId);
    }

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
}
