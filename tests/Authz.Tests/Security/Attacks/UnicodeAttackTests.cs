using Authz.Api.V1;
using Authz.Tests.Api;
using Grpc.Core;

namespace Authz.Tests.Security.Attacks;

/// <summary>Finding 13: display names cannot hide characters or pass for another name.</summary>
[Collection(GatewayCollection.Name)]
public sealed class UnicodeAttackTests(GatewayFixture gateway)
{
    public static TheoryData<string, string> Spoofs => new()
    {
        { "zero-width space", "Reader\u200B" },
        { "right-to-left override", "\u202EredaeR" },
        { "byte order mark", "\uFEFFReader" },
        { "only invisible characters", "\u200B\u200C\u2060" },
        { "only a Hangul filler", "\u3164" },
    };

    [Theory, Trait("Rule", "ROLE-6")]
    [MemberData(nameof(Spoofs))]
    public async Task Finding13_a_name_hiding_characters_is_invalid_argument_in_every_name_field(string what, string name)
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("hq");
        await organization.RoleAsync("reader");
        var before = await SnapshotAsync(organization);
        var id = organization.Id;

        var refusals = new Dictionary<string, StatusCode>
        {
            ["CreateRole"] = await Rpc.StatusAsync(() => gateway.Roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = id, RoleId = "spoof", DisplayName = name }).ResponseAsync),
            ["RenameRole"] = await Rpc.StatusAsync(() => gateway.Roles.RenameRoleAsync(new RenameRoleRequest { OrganizationId = id, RoleId = "reader", DisplayName = name }).ResponseAsync),
            ["CreateUnit"] = await Rpc.StatusAsync(() => gateway.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = id, UnitId = "spoof", DisplayName = name }).ResponseAsync),
            ["RenameUnit"] = await Rpc.StatusAsync(() => gateway.Units.RenameUnitAsync(new RenameUnitRequest { OrganizationId = id, UnitId = "hq", DisplayName = name }).ResponseAsync),
            ["CreateUser given_name"] = await Rpc.StatusAsync(() => gateway.Users.CreateUserAsync(new CreateUserRequest
            {
                OrganizationId = id, UserId = "spoof", Email = TestOrganization.Email("spoof"), GivenName = name, FamilyName = "Tester",
            }).ResponseAsync),
            ["CreateUser family_name"] = await Rpc.StatusAsync(() => gateway.Users.CreateUserAsync(new CreateUserRequest
            {
                OrganizationId = id, UserId = "spoof", Email = TestOrganization.Email("spoof"), GivenName = "Eve", FamilyName = name,
            }).ResponseAsync),
            ["CreateTeamFolder"] = await Rpc.StatusAsync(() => gateway.Operator.TeamFolders.CreateTeamFolderAsync(new CreateTeamFolderRequest { OrganizationId = id, FolderId = "spoof", Name = name }).ResponseAsync),
            ["CreateApiKey"] = await Rpc.StatusAsync(() => gateway.Operator.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { OrganizationIds = { id }, DisplayName = name }).ResponseAsync),
            ["CreateOrganization"] = await Rpc.StatusAsync(() => gateway.Organizations.CreateOrganizationAsync(new CreateOrganizationRequest
            {
                OrganizationId = GatewayFixture.NewOrganizationId(), DisplayName = name, Plan = Plan.Advanced, Structure = Structure.Hierarchical,
                Administrator = new NewUser { UserId = "admin", Email = TestOrganization.Email("admin"), GivenName = "First", FamilyName = "Administrator" },
            }).ResponseAsync),
        };

        Assert.All(refusals, refusal => Assert.True(refusal.Value == StatusCode.InvalidArgument, $"{refusal.Key} with {what}: {refusal.Value}"));
        Assert.Equal(before, await SnapshotAsync(organization));
    }

    [Fact, Trait("Rule", "ROLE-6")]
    public async Task Finding13_a_role_name_with_a_cyrillic_letter_that_reads_as_an_existing_name_is_already_exists()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await gateway.Roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = organization.Id, RoleId = "reader", DisplayName = "Reader" });
        await gateway.Roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = organization.Id, RoleId = "writer", DisplayName = "Writer" });
        var before = await SnapshotAsync(organization);

        var created = await Rpc.StatusAsync(() => gateway.Roles.CreateRoleAsync(new CreateRoleRequest
        {
            OrganizationId = organization.Id, RoleId = "spoof", DisplayName = "R\u0435ader",
        }).ResponseAsync);
        var renamed = await Rpc.StatusAsync(() => gateway.Roles.RenameRoleAsync(new RenameRoleRequest
        {
            OrganizationId = organization.Id, RoleId = "writer", DisplayName = "\uFF32\u0435\u0430der",
        }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, created);
        Assert.Equal(StatusCode.AlreadyExists, renamed);
        Assert.Equal(before, await SnapshotAsync(organization));
    }

    [Fact]
    public async Task Finding13_a_team_folder_name_that_reads_as_an_existing_one_is_already_exists()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var folders = gateway.Operator.TeamFolders;
        await folders.CreateTeamFolderAsync(new CreateTeamFolderRequest { OrganizationId = organization.Id, FolderId = "finance", Name = "Finance" });

        var created = await Rpc.StatusAsync(() => folders.CreateTeamFolderAsync(new CreateTeamFolderRequest
        {
            OrganizationId = organization.Id, FolderId = "spoof", Name = "Fin\u0430nce",
        }).ResponseAsync);
        var listed = await folders.ListTeamFoldersAsync(new ListTeamFoldersRequest { OrganizationId = organization.Id });

        Assert.Equal(StatusCode.AlreadyExists, created);
        Assert.Equal(["finance"], listed.Folders.Select(folder => folder.FolderId));
    }

    [Fact]
    public async Task Finding13_names_are_stored_normalized()
    {
        var organization = await TestOrganization.CreateAsync(gateway);

        var role = await gateway.Roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = organization.Id, RoleId = "wide", DisplayName = "\uFF37ide \uFB01le" });

        Assert.Equal("Wide file", role.DisplayName);
    }

    private async Task<string> SnapshotAsync(TestOrganization organization)
    {
        return string.Join('\n',
            await gateway.Roles.ListRolesAsync(new ListRolesRequest { OrganizationId = organization.Id }),
            await gateway.Units.ListUnitsAsync(new ListUnitsRequest { OrganizationId = organization.Id }),
            await gateway.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = organization.Id }),
            await gateway.Operator.TeamFolders.ListTeamFoldersAsync(new ListTeamFoldersRequest { OrganizationId = organization.Id }),
            await gateway.Operator.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest { OrganizationId = organization.Id }));
    }
}
