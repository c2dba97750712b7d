using Authz.Api.V1;
using MessageKind = Authz.Grains.Domain.MessageKind;

namespace Authz.Tests.Api;

/// <summary>A fresh organization in the gateway, with short helpers for the calls tests make most (as the operator).</summary>
public sealed class TestOrganization(GatewayFixture gateway, string id)
{
    public const string FirstAdministrator = "admin";
    public const string Password = "correct horse battery staple";

    public string Id { get; } = id;

    public GatewayFixture Gateway { get; } = gateway;

    public static string Email(string userId) => $"{userId}@example.org";

    public static async Task<TestOrganization> CreateAsync(
        GatewayFixture gateway, Structure structure = Structure.Hierarchical, Plan plan = Plan.Advanced, params AddOn[] addOns)
    {
        var organization = new TestOrganization(gateway, GatewayFixture.NewOrganizationId());
        await gateway.Organizations.CreateOrganizationAsync(new CreateOrganizationRequest
        {
            OrganizationId = organization.Id, DisplayName = "Test organization", Plan = plan, Structure = structure, AddOns = { addOns },
            Administrator = new NewUser { UserId = FirstAdministrator, Email = Email(FirstAdministrator), GivenName = "First", FamilyName = "Administrator" },
        });
        return organization;
    }

    public async Task<Unit> UnitAsync(string unitId, string? parent = null) =>
        await Gateway.Units.CreateUnitAsync(new CreateUnitRequest
        {
            OrganizationId = Id, UnitId = unitId, DisplayName = $"Unit {unitId}", ParentUnitId = parent ?? "",
        });

    public async Task<User> UserAsync(string userId, string? givenName = null, string? familyName = null) =>
        await Gateway.Users.CreateUserAsync(new CreateUserRequest
        {
            OrganizationId = Id, UserId = userId, Email = Email(userId),
            GivenName = givenName ?? userId, FamilyName = familyName ?? "Tester",
        });

    /// <summary>Follows the user's latest activation link, setting <see cref="Password"/> (USR-2).</summary>
    public async Task ActivateAsync(string userId)
    {
        var message = await Gateway.Mail.LatestAsync(Email(userId), MessageKind.Activation);
        var (_, _, token) = CapturedMail.Link(message);
        await Gateway.Anonymous.Sessions.RedeemLinkAsync(new RedeemLinkRequest { OrganizationId = Id, UserId = userId, Token = token, Password = Password });
    }

    /// <summary>Clients signed in as the (active) user.</summary>
    public async Task<ApiClients> SignInAsync(string userId)
    {
        var session = await Gateway.Anonymous.Sessions.SignInAsync(new SignInRequest { OrganizationId = Id, Email = Email(userId), Password = Password });
        return Gateway.As(session.AccessToken);
    }

    /// <summary>A new, activated, signed-in user; an organization-wide administrator with <paramref name="adminRoleId"/> if given.</summary>
    public async Task<ApiClients> MemberAsync(string userId, string? adminRoleId = null)
    {
        await UserAsync(userId);
        await ActivateAsync(userId);
        if (adminRoleId is not null)
        {
            await Gateway.Operator.Administrators.AddAdministratorAsync(new AddAdministratorRequest { OrganizationId = Id, UserId = userId, RoleId = adminRoleId });
        }

        return await SignInAsync(userId);
    }

    public async Task PermissionAsync(params string[] permissionIds)
    {
        foreach (var permissionId in permissionIds)
        {
            await Gateway.Permissions.CreatePermissionAsync(new CreatePermissionRequest { OrganizationId = Id, PermissionId = permissionId });
        }
    }

    public async Task<Role> RoleAsync(string roleId, params string[] permissionIds) =>
        await Gateway.Roles.CreateRoleAsync(new CreateRoleRequest
        {
            OrganizationId = Id, RoleId = roleId, DisplayName = $"Role {roleId}", PermissionIds = { permissionIds },
        });

    public async Task<Assignment> AssignAsync(string userId, string unitId, params string[] roleIds) =>
        Wrote(await Gateway.Assignments.AssignRolesAsync(new AssignRolesRequest { OrganizationId = Id, UserId = userId, UnitId = unitId, RoleIds = { roleIds } }));

    public async Task<Assignment> RemoveAsync(string userId, string unitId, params string[] roleIds) =>
        Wrote(await Gateway.Assignments.RemoveRolesAsync(new RemoveRolesRequest { OrganizationId = Id, UserId = userId, UnitId = unitId, RoleIds = { roleIds } }));

    public async Task<Assignment> InheritAsync(string userId, string unitId, InheritanceMode mode) =>
        Wrote(await Gateway.Assignments.EnableInheritanceAsync(new EnableInheritanceRequest { OrganizationId = Id, UserId = userId, UnitId = unitId, Mode = mode }));

    public async Task<Assignment> StopInheritingAsync(string userId, string unitId) =>
        Wrote(await Gateway.Assignments.DisableInheritanceAsync(new DisableInheritanceRequest { OrganizationId = Id, UserId = userId, UnitId = unitId }));

    public async Task<Assignment> BreakAsync(string userId, string unitId) =>
        Wrote(await Gateway.Assignments.BreakInheritanceAsync(new BreakInheritanceRequest { OrganizationId = Id, UserId = userId, UnitId = unitId }));

    /// <summary>
    /// A token covering every write this helper made (as a client that read its own writes would hold): checks and
    /// listings given it see all of them (CHK-4).
    /// </summary>
    public string Revision => _written.Count == 0 ? "" : GatewayFixture.RevisionTokens.Combine(Id, _written);

    /// <summary>Remembers a write's token, for <see cref="Revision"/>.</summary>
    public T Wrote<T>(T response) where T : Google.Protobuf.IMessage
    {
        var field = response.Descriptor.FindFieldByName("revision_token");
        if (field?.Accessor.GetValue(response) is string { Length: > 0 } token)
        {
            _written.Add(token);
        }

        return response;
    }

    public async Task<bool> CheckAsync(string userId, string unitId, string permissionId) =>
        (await Gateway.Checks.CheckAsync(new CheckRequest { OrganizationId = Id, UserId = userId, UnitId = unitId, PermissionId = permissionId, RevisionToken = Revision })).Allowed;

    /// <summary>The user's roles in every unit of the tree, in tree order (INH-10), as of every write made here.</summary>
    public async Task<IReadOnlyList<Assignment>> AccessesAsync(string userId) =>
        (await Gateway.Assignments.ListUserAccessesAsync(new ListUserAccessesRequest
        {
            OrganizationId = Id, UserId = userId, IncludeUnitsWithoutRoles = true, RevisionToken = Revision,
        })).Accesses;

    private readonly List<string> _written = [];
}
