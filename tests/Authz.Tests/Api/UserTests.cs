using Authz.Api.V1;

namespace Authz.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class UserTests(GatewayFixture gateway)
{
    [Fact, Trait("Rule", "USR-1")]
    public async Task USR1_a_created_user_starts_not_activated()
    {
        var organization = await TestOrganization.CreateAsync(gateway);

        var created = await organization.UserAsync("ada", "Ada", "Lovelace");
        var fetched = await gateway.Users.GetUserAsync(new GetUserRequest { OrganizationId = organization.Id, UserId = "ada" });

        Assert.Equal(UserState.NotActivated, created.State);
        Assert.Equal(created, fetched);
        Assert.Equal("ada@example.org", fetched.Email);
    }

    [Fact, Trait("Rule", "USR-5")]
    public async Task USR5_users_are_found_by_partial_case_insensitive_name_or_email_and_listed_by_name()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UserAsync("u1", "Zoe", "Bianchi");
        await organization.UserAsync("u2", "Ada", "Rossi");
        await organization.UserAsync("u3", "Mario", "Abate");
        await organization.UserAsync("u4", "Ugo", "rossini");

        async Task<string[]> SearchAsync(string query) =>
            (await gateway.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = organization.Id, Query = query }))
                .Users.Select(user => user.UserId).ToArray();

        Assert.Equal(["u2", "u4"], await SearchAsync("ROSS"));
        Assert.Equal(["u3"], await SearchAsync("u3@EXAMPLE"));
        Assert.Equal(["u2"], await SearchAsync("ada ross"));
        // The first administrator ("First Administrator") sorts between Abate and Bianchi.
        Assert.Equal(["u3", TestOrganization.FirstAdministrator, "u1", "u2", "u4"], await SearchAsync(""));
    }

    [Fact, Trait("Rule", "USR-5")]
    public async Task USR5_listing_pages_through_every_user_once()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        for (var i = 0; i < 7; i++)
        {
            await organization.UserAsync($"user{i}", familyName: $"Family{6 - i}");
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await gateway.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = organization.Id, PageSize = 3, PageToken = token });
            Assert.True(page.Users.Count <= 3);
            seen.AddRange(page.Users.Select(user => user.UserId));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal([TestOrganization.FirstAdministrator, .. Enumerable.Range(0, 7).Reverse().Select(i => $"user{i}")], seen);
    }

    [Fact, Trait("Rule", "USR-6")]
    public async Task USR6_a_user_without_roles_has_an_empty_access_list_not_an_error()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("school");
        await organization.UserAsync("ada");
        await organization.RoleAsync("teacher", "admin.dashboard.view");

        var before = await gateway.Assignments.ListUserAccessesAsync(new ListUserAccessesRequest { OrganizationId = organization.Id, UserId = "ada" });
        await organization.AssignAsync("ada", "school", "teacher");
        var during = await gateway.Assignments.ListUserAccessesAsync(new ListUserAccessesRequest { OrganizationId = organization.Id, UserId = "ada" });
        await organization.RemoveAsync("ada", "school", "teacher");
        var after = await gateway.Assignments.ListUserAccessesAsync(new ListUserAccessesRequest { OrganizationId = organization.Id, UserId = "ada" });

        Assert.Empty(before.Accesses);
        Assert.Equal("school", Assert.Single(during.Accesses).UnitId);
        Assert.Empty(after.Accesses);
    }
}
