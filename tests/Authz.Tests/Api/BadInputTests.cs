using Authz.Api.V1;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;

namespace Authz.Tests.Api;

/// <summary>
/// Every RPC of every service, fed malformed, missing, unknown, duplicate, cross-tenant and rule-breaking
/// input: each refusal carries the precise status code (INVALID_ARGUMENT with a google.rpc.BadRequest naming
/// the field), and no refused call changes anything in any organization (ORG-1, ASG-4).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class BadInputTests(GatewayFixture gateway)
{
    private const string Hq = "hq";
    private const string SharedPermission = "app.docs.read";
    private const string MissingUnit = "nope-unit";
    private const string MissingUser = "nope-user";
    private const string MissingRole = "nope-role";
    private const string MissingPermission = "app.nope.read";
    private const string FreshUnit = "fresh-unit";
    private const string FreshUser = "fresh-user";
    private const string FreshRole = "fresh-role";
    private const string FreshPermission = "app.fresh.read";

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private static readonly string[] Rpcs =
    [
        "CreateOrganization", "GetOrganization",
        "CreateUnit", "GetUnit", "RenameUnit", "DeleteUnit", "ListUnits",
        "CreateUser", "GetUser", "ListUsers",
        "ListPermissions", "CreatePermission",
        "CreateRole", "GetRole", "ListRoles", "SetRolePermissions", "RenameRole", "DeleteRole", "RestoreRole",
        "AssignRoles", "RemoveRoles", "ListAssignments", "ListUserAccesses",
        "Check", "CheckBatch", "Explain", "LookupUnits", "LookupUsers",
    ];

    /// <summary>Values that are not ids (1-64 letters, digits, '.', '_' or '-', starting with a letter or digit).</summary>
    private static readonly (string Label, string Value)[] BadIds =
    [
        ("empty", ""),
        ("containing '/'", "a/unit/b"),
        ("of 65 characters", new string('a', 65)),
        ("with a leading '-'", "-unit"),
        ("with a leading '.'", ".unit"),
        ("non-ASCII", "unità"),
        ("with a space", "a unit"),
        ("ending in a newline", "unit\n"),
    ];

    /// <summary>Values that are not permission ids (lower-case dot-separated words, at most 128 characters).</summary>
    private static readonly (string Label, string Value)[] BadPermissionIds =
    [
        ("empty", ""),
        ("upper-case", "App.Docs.Read"),
        ("containing '/'", "app/docs.read"),
        ("with an empty segment", "app..read"),
        ("with a trailing '.'", "app.read."),
        ("with a leading digit", "1app.read"),
        ("of 129 characters", "a" + new string('b', 128)),
        ("non-ASCII", "app.lettùra"),
        ("with a space", "app.docs read"),
        ("ending in a newline", "app.docs.read\n"),
    ];

    /// <summary>Page tokens no listing returned: not base64, or base64 of something that is no position.</summary>
    private static readonly string[] GarbageTokens = ["%%not-a-token%%", "!", "garbage", "Zm9v"];

    [Fact]
    [Trait("Rule", "ORG-1")]
    [Trait("Rule", "ORG-3")]
    [Trait("Rule", "ROLE-4")]
    [Trait("Rule", "ROLE-6")]
    [Trait("Rule", "ASG-3")]
    [Trait("Rule", "ASG-4")]
    [Trait("Rule", "ASG-5")]
    [Trait("Rule", "CHK-1")]
    [Trait("Rule", "CHK-2")]
    [Trait("Rule", "CHK-3")]
    public async Task ORG1_ORG3_ROLE4_ROLE6_ASG4_CHK2_malformed_unknown_and_cross_tenant_requests_get_precise_status_and_change_nothing()
    {
        var world = await SetUpAsync();
        var cases = Cases(world);
        AssertTableIsComplete(cases);

        var failures = new List<string>();
        var before = await SnapshotAsync(world);
        foreach (var @case in cases)
        {
            var problem = await RunAsync(@case);
            var after = await SnapshotAsync(world);
            if (after != before)
            {
                problem = (problem is null ? "" : problem + "; ") + "it changed state: " + FirstDifference(before, after);
                before = after;
            }

            if (problem is not null)
            {
                failures.Add($"{@case.Name}: {problem}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures));
    }

    private static void AssertTableIsComplete(List<Case> cases)
    {
        var duplicates = cases.GroupBy(@case => @case.Name).Where(group => group.Count() > 1).Select(group => group.Key).ToArray();
        Assert.True(duplicates.Length == 0, "duplicate case names: " + string.Join(", ", duplicates));
        Assert.All(cases.Where(@case => @case.Code == StatusCode.InvalidArgument), @case => Assert.NotNull(@case.Field));
        foreach (var rpc in Rpcs)
        {
            var mine = cases.Where(@case => @case.Name.StartsWith(rpc + ": ", StringComparison.Ordinal)).ToArray();
            Assert.True(mine.Any(@case => @case.Field == "organization_id"), $"{rpc} has no malformed organization_id case");
            // CheckBatch on an unknown organization answers each item NOT_FOUND (its units do not exist), by design.
            Assert.True(rpc is "CreateOrganization" or "CheckBatch" || mine.Any(@case => @case.Name.Contains("unknown organization", StringComparison.Ordinal)),
                $"{rpc} has no unknown organization case");
        }

        Assert.All(cases, @case => Assert.Contains(Rpcs, rpc => @case.Name.StartsWith(rpc + ": ", StringComparison.Ordinal)));
    }

    private static async Task<string?> RunAsync(Case @case)
    {
        IMessage response;
        try
        {
            response = await @case.Call().WaitAsync(CallTimeout);
        }
        catch (RpcException error)
        {
            return Judge(@case, error);
        }
        catch (TimeoutException)
        {
            return $"no answer within {CallTimeout.TotalSeconds} s";
        }

        if (@case.Code != StatusCode.OK)
        {
            return $"expected {@case.Code}{(@case.Field is null ? "" : $" on '{@case.Field}'")}, got OK: {response}";
        }

        return @case.Verify?.Invoke(response);
    }

    private static string? Judge(Case @case, RpcException error)
    {
        if (error.StatusCode != @case.Code)
        {
            return $"expected {@case.Code}, got {error.StatusCode} ({error.Status.Detail})";
        }

        if (string.IsNullOrWhiteSpace(error.Status.Detail))
        {
            return $"{error.StatusCode} without a message";
        }

        if (@case.Field is null)
        {
            return null;
        }

        var badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>();
        if (badRequest is null)
        {
            return $"INVALID_ARGUMENT without a google.rpc.BadRequest detail ({error.Status.Detail})";
        }

        var fields = badRequest.FieldViolations.Select(violation => violation.Field).ToArray();
        return fields.Contains(@case.Field)
            ? null
            : $"BadRequest names [{string.Join(", ", fields)}] instead of '{@case.Field}' ({error.Status.Detail})";
    }

    private static string FirstDifference(string before, string after)
    {
        var old = before.Split('\n');
        var now = after.Split('\n');
        for (var i = 0; i < Math.Max(old.Length, now.Length); i++)
        {
            var was = i < old.Length ? old[i] : "(nothing)";
            var @is = i < now.Length ? now[i] : "(nothing)";
            if (was != @is)
            {
                return $"before: {was}\n    after: {@is}";
            }
        }

        return "(no line differs)";
    }

    // ---------------------------------------------------------------- setup

    private static NewUser Admin => new() { UserId = "admin", Email = "admin@example.org", GivenName = "First", FamilyName = "Admin" };

    private async Task<World> SetUpAsync()
    {
        var world = new World(
            new Tenant(GatewayFixture.NewOrganizationId("bad-a"), "a", Hierarchical: true),
            new Tenant(GatewayFixture.NewOrganizationId("bad-b"), "b", Hierarchical: true),
            new Tenant(GatewayFixture.NewOrganizationId("bad-flat"), "flat", Hierarchical: false),
            GatewayFixture.NewOrganizationId("bad-missing"));
        await SetUpTenantAsync(world.A);
        await SetUpTenantAsync(world.B);
        await SetUpTenantAsync(world.Flat);
        return world;
    }

    private async Task SetUpTenantAsync(Tenant tenant)
    {
        await gateway.Organizations.CreateOrganizationAsync(new CreateOrganizationRequest
        {
            OrganizationId = tenant.Id, DisplayName = $"Tenant {tenant.P}", Plan = Plan.Advanced,
            Structure = tenant.Hierarchical ? Structure.Hierarchical : Structure.Flat,
            Administrator = Admin,
        });
        foreach (var user in tenant.Users)
        {
            await gateway.Users.CreateUserAsync(new CreateUserRequest
            {
                OrganizationId = tenant.Id, UserId = user, Email = Tenant.Email(user), GivenName = "Given", FamilyName = user,
            });
        }

        await gateway.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = tenant.Id, UnitId = tenant.Root, DisplayName = "Root" });
        if (!tenant.Hierarchical)
        {
            return;
        }

        await gateway.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = tenant.Id, UnitId = tenant.Child, DisplayName = "Child", ParentUnitId = tenant.Root });
        await gateway.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = tenant.Id, UnitId = Hq, DisplayName = "Headquarters" });
        foreach (var permission in new[] { SharedPermission, tenant.OnlyPermission })
        {
            await gateway.Permissions.CreatePermissionAsync(new CreatePermissionRequest { OrganizationId = tenant.Id, PermissionId = permission });
        }

        await gateway.Roles.CreateRoleAsync(new CreateRoleRequest
        {
            OrganizationId = tenant.Id, RoleId = tenant.Role, DisplayName = tenant.RoleName, PermissionIds = { SharedPermission, tenant.OnlyPermission },
        });
        await gateway.Roles.CreateRoleAsync(new CreateRoleRequest
        {
            OrganizationId = tenant.Id, RoleId = tenant.Spare, DisplayName = tenant.SpareName, PermissionIds = { SharedPermission },
        });
        foreach (var unit in new[] { tenant.Child, Hq })
        {
            await gateway.Assignments.AssignRolesAsync(new AssignRolesRequest { OrganizationId = tenant.Id, UserId = tenant.User, UnitId = unit, RoleIds = { tenant.Role } });
        }
    }

    // ---------------------------------------------------------------- snapshot

    /// <summary>Everything a client can read of the three organizations, plus probes for what refused creates must not make.</summary>
    private async Task<string> SnapshotAsync(World world)
    {
        var parts = await Task.WhenAll(
            TenantSnapshotAsync(world.A),
            TenantSnapshotAsync(world.B),
            TenantSnapshotAsync(world.Flat),
            ProbeAsync("GetOrganization(missing)", () => gateway.Organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = world.MissingOrganization })),
            ProbeAsync("ListUsers(missing)", () => gateway.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = world.MissingOrganization })),
            ProbeAsync("GetUser(missing)", () => gateway.Users.GetUserAsync(new GetUserRequest { OrganizationId = world.MissingOrganization, UserId = FreshUser })));
        return string.Join('\n', parts);
    }

    private async Task<string> TenantSnapshotAsync(Tenant tenant)
    {
        var org = tenant.Id;
        var probes = new List<Task<string>>
        {
            ProbeAsync($"{org} GetOrganization", () => gateway.Organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = org })),
            ProbeAsync($"{org} ListUnits", () => gateway.Units.ListUnitsAsync(new ListUnitsRequest { OrganizationId = org })),
            ProbeAsync($"{org} ListRoles", () => gateway.Roles.ListRolesAsync(new ListRolesRequest { OrganizationId = org })),
            ProbeAsync($"{org} ListPermissions", () => gateway.Permissions.ListPermissionsAsync(new ListPermissionsRequest { OrganizationId = org })),
            ProbeAsync($"{org} ListUsers", () => gateway.Users.ListUsersAsync(new ListUsersRequest { OrganizationId = org, PageSize = 1000 })),
            ProbeAsync($"{org} ListAssignments", () => gateway.Assignments.ListAssignmentsAsync(new ListAssignmentsRequest { OrganizationId = org, PageSize = 1000 })),
            ProbeAsync($"{org} GetUnit(fresh)", () => gateway.Units.GetUnitAsync(new GetUnitRequest { OrganizationId = org, UnitId = FreshUnit })),
            ProbeAsync($"{org} GetUser(fresh)", () => gateway.Users.GetUserAsync(new GetUserRequest { OrganizationId = org, UserId = FreshUser })),
            ProbeAsync($"{org} GetRole(fresh)", () => gateway.Roles.GetRoleAsync(new GetRoleRequest { OrganizationId = org, RoleId = FreshRole })),
            ProbeAsync($"{org} CheckBatch", () => gateway.Checks.CheckBatchAsync(new CheckBatchRequest
            {
                OrganizationId = org,
                Items =
                {
                    from user in tenant.Users
                    from unit in tenant.Units
                    from permission in tenant.Permissions
                    select new CheckBatchItem { UserId = user, UnitId = unit, PermissionId = permission },
                },
            })),
        };
        probes.AddRange(tenant.Users.Select(user => ProbeAsync($"{org} ListUserAccesses({user})",
            () => gateway.Assignments.ListUserAccessesAsync(new ListUserAccessesRequest { OrganizationId = org, UserId = user }))));
        return string.Join('\n', await Task.WhenAll(probes));
    }

    private static async Task<string> ProbeAsync<T>(string label, Func<AsyncUnaryCall<T>> call)
        where T : IMessage
    {
        try
        {
            return $"{label}: {await call()}";
        }
        catch (RpcException error)
        {
            return $"{label}: {error.StatusCode}";
        }
    }

    // ---------------------------------------------------------------- the table

    private List<Case> Cases(World world)
    {
        var table = new Table();
        OrganizationCases(table, world);
        UnitCases(table, world);
        UserCases(table, world);
        PermissionCases(table, world);
        RoleCases(table, world);
        AssignmentCases(table, world);
        CheckCases(table, world);
        return table.Cases;
    }

    private void OrganizationCases(Table table, World world)
    {
        var organizations = gateway.Organizations;
        var (a, flat, missing) = (world.A, world.Flat, world.MissingOrganization);

        CreateOrganizationRequest New(string id) => new() { OrganizationId = id, DisplayName = "New", Plan = Plan.Standard, Structure = Structure.Flat, Administrator = Admin };

        table.MalformedIds("CreateOrganization", () => New(missing), r => organizations.CreateOrganizationAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v);
        foreach (var (label, name) in BadDisplayNames(200))
        {
            table.Invalid($"CreateOrganization: display_name {label}", "display_name", () => organizations.CreateOrganizationAsync(New(missing).With(r => r.DisplayName = name)));
        }

        table.Invalid("CreateOrganization: plan PLAN_UNSPECIFIED", "plan", () => organizations.CreateOrganizationAsync(New(missing).With(r => r.Plan = Plan.Unspecified)));
        table.Invalid("CreateOrganization: plan out of range", "plan", () => organizations.CreateOrganizationAsync(New(missing).With(r => r.Plan = (Plan)42)));
        table.Invalid("CreateOrganization: structure STRUCTURE_UNSPECIFIED", "structure", () => organizations.CreateOrganizationAsync(New(missing).With(r => r.Structure = Structure.Unspecified)));
        table.Invalid("CreateOrganization: add_ons ADD_ON_UNSPECIFIED", "add_ons", () => organizations.CreateOrganizationAsync(New(missing).With(r => r.AddOns.Add(AddOn.Unspecified))));
        table.Refused("CreateOrganization: id of an existing organization", StatusCode.AlreadyExists, () => organizations.CreateOrganizationAsync(New(a.Id)));
        table.Refused("CreateOrganization: id of an existing organization, same settings", StatusCode.AlreadyExists, () => organizations.CreateOrganizationAsync(
            new CreateOrganizationRequest { OrganizationId = flat.Id, DisplayName = $"Tenant {flat.P}", Plan = Plan.Advanced, Structure = Structure.Flat, Administrator = Admin }));

        table.MalformedIds("GetOrganization", () => new GetOrganizationRequest { OrganizationId = a.Id }, r => organizations.GetOrganizationAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v);
        table.Refused("GetOrganization: unknown organization", StatusCode.NotFound, () => organizations.GetOrganizationAsync(new GetOrganizationRequest { OrganizationId = missing }));
    }

    private void UnitCases(Table table, World world)
    {
        var units = gateway.Units;
        var (a, b, flat, missing) = (world.A, world.B, world.Flat, world.MissingOrganization);

        CreateUnitRequest Create(string org, string unitId, string parent = "") => new() { OrganizationId = org, UnitId = unitId, DisplayName = "Fresh", ParentUnitId = parent };

        table.MalformedIds("CreateUnit", () => Create(a.Id, FreshUnit, a.Root), r => units.CreateUnitAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("unit_id", (r, v) => r.UnitId = v, optional: true)
            .Id("parent_unit_id", (r, v) => r.ParentUnitId = v, optional: true);
        foreach (var (label, name) in BadDisplayNames(200))
        {
            table.Invalid($"CreateUnit: display_name {label}", "display_name", () => units.CreateUnitAsync(Create(a.Id, FreshUnit).With(r => r.DisplayName = name)));
        }

        table.Refused("CreateUnit: unknown organization", StatusCode.NotFound, () => units.CreateUnitAsync(Create(missing, FreshUnit)));
        table.Refused("CreateUnit: unknown parent unit", StatusCode.NotFound, () => units.CreateUnitAsync(Create(a.Id, FreshUnit, MissingUnit)));
        table.Refused("CreateUnit: parent unit of organization A in organization B", StatusCode.NotFound, () => units.CreateUnitAsync(Create(b.Id, FreshUnit, a.Root)));
        table.Refused("CreateUnit: unit id taken (child)", StatusCode.AlreadyExists, () => units.CreateUnitAsync(Create(a.Id, a.Child, a.Root)));
        table.Refused("CreateUnit: unit id taken (root)", StatusCode.AlreadyExists, () => units.CreateUnitAsync(Create(a.Id, Hq)));
        table.Refused("CreateUnit: unit id taken in a flat organization", StatusCode.AlreadyExists, () => units.CreateUnitAsync(Create(flat.Id, flat.Root)));
        table.Refused("CreateUnit: parent unit in a flat organization", StatusCode.FailedPrecondition, () => units.CreateUnitAsync(Create(flat.Id, FreshUnit, flat.Root)));
        table.Refused("CreateUnit: unknown parent unit in a flat organization", StatusCode.FailedPrecondition, () => units.CreateUnitAsync(Create(flat.Id, FreshUnit, MissingUnit)));

        table.MalformedIds("GetUnit", () => new GetUnitRequest { OrganizationId = a.Id, UnitId = a.Child }, r => units.GetUnitAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("unit_id", (r, v) => r.UnitId = v);
        table.Refused("GetUnit: unknown unit", StatusCode.NotFound, () => units.GetUnitAsync(new GetUnitRequest { OrganizationId = a.Id, UnitId = MissingUnit }));
        table.Refused("GetUnit: unknown organization", StatusCode.NotFound, () => units.GetUnitAsync(new GetUnitRequest { OrganizationId = missing, UnitId = Hq }));
        table.Refused("GetUnit: unit of organization A in organization B", StatusCode.NotFound, () => units.GetUnitAsync(new GetUnitRequest { OrganizationId = b.Id, UnitId = a.Child }));
        table.Refused("GetUnit: unit of organization B in organization A", StatusCode.NotFound, () => units.GetUnitAsync(new GetUnitRequest { OrganizationId = a.Id, UnitId = b.Root }));

        RenameUnitRequest Rename(string org, string unitId) => new() { OrganizationId = org, UnitId = unitId, DisplayName = "Renamed" };
        table.MalformedIds("RenameUnit", () => Rename(a.Id, a.Child), r => units.RenameUnitAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("unit_id", (r, v) => r.UnitId = v);
        foreach (var (label, name) in BadDisplayNames(200))
        {
            table.Invalid($"RenameUnit: display_name {label}", "display_name", () => units.RenameUnitAsync(Rename(a.Id, a.Child).With(r => r.DisplayName = name)));
        }

        table.Refused("RenameUnit: unknown unit", StatusCode.NotFound, () => units.RenameUnitAsync(Rename(a.Id, MissingUnit)));
        table.Refused("RenameUnit: unknown organization", StatusCode.NotFound, () => units.RenameUnitAsync(Rename(missing, Hq)));
        table.Refused("RenameUnit: unit of organization A in organization B", StatusCode.NotFound, () => units.RenameUnitAsync(Rename(b.Id, a.Child)));

        DeleteUnitRequest Delete(string org, string unitId) => new() { OrganizationId = org, UnitId = unitId };
        table.MalformedIds("DeleteUnit", () => Delete(a.Id, a.Root), r => units.DeleteUnitAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("unit_id", (r, v) => r.UnitId = v);
        table.Refused("DeleteUnit: unknown unit", StatusCode.NotFound, () => units.DeleteUnitAsync(Delete(a.Id, MissingUnit)));
        table.Refused("DeleteUnit: unknown organization", StatusCode.NotFound, () => units.DeleteUnitAsync(Delete(missing, Hq)));
        table.Refused("DeleteUnit: unit of organization A in organization B (with an assignment)", StatusCode.NotFound, () => units.DeleteUnitAsync(Delete(b.Id, a.Child)));
        table.Refused("DeleteUnit: unit of organization A in organization B (with children)", StatusCode.NotFound, () => units.DeleteUnitAsync(Delete(b.Id, a.Root)));
        table.Refused("DeleteUnit: unit with child units", StatusCode.FailedPrecondition, () => units.DeleteUnitAsync(Delete(a.Id, a.Root)));
        table.Refused("DeleteUnit: unit where a user holds a role", StatusCode.FailedPrecondition, () => units.DeleteUnitAsync(Delete(a.Id, a.Child)));
        table.Refused("DeleteUnit: root unit where a user holds a role (B)", StatusCode.FailedPrecondition, () => units.DeleteUnitAsync(Delete(b.Id, Hq)));

        table.MalformedIds("ListUnits", () => new ListUnitsRequest { OrganizationId = a.Id }, r => units.ListUnitsAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v);
        table.Refused("ListUnits: unknown organization", StatusCode.NotFound, () => units.ListUnitsAsync(new ListUnitsRequest { OrganizationId = missing }));
    }

    private void UserCases(Table table, World world)
    {
        var users = gateway.Users;
        var (a, b, missing) = (world.A, world.B, world.MissingOrganization);

        CreateUserRequest Create(string org, string userId, string email) =>
            new() { OrganizationId = org, UserId = userId, Email = email, GivenName = "Fresh", FamilyName = "User" };

        table.MalformedIds("CreateUser", () => Create(a.Id, FreshUser, "fresh@example.org"), r => users.CreateUserAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v, optional: true);
        (string Label, string Value)[] badEmails =
        [
            ("missing", ""), ("blank", "   "), ("without '@'", "fresh.example.org"), ("without a dot in the host", "fresh@localhost"),
            ("with a display name", "Fresh <fresh@example.org>"), ("with two '@'", "fresh@@example.org"), ("with a space", "fresh user@example.org"),
            ("of 255 characters", new string('f', 243) + "@example.org"),
        ];
        foreach (var (label, email) in badEmails)
        {
            table.Invalid($"CreateUser: email {label}", "email", () => users.CreateUserAsync(Create(a.Id, FreshUser, email)));
        }

        foreach (var (label, name) in BadDisplayNames(100))
        {
            table.Invalid($"CreateUser: given_name {label}", "given_name", () => users.CreateUserAsync(Create(a.Id, FreshUser, "fresh@example.org").With(r => r.GivenName = name)));
            table.Invalid($"CreateUser: family_name {label}", "family_name", () => users.CreateUserAsync(Create(a.Id, FreshUser, "fresh@example.org").With(r => r.FamilyName = name)));
        }

        table.Refused("CreateUser: unknown organization", StatusCode.NotFound, () => users.CreateUserAsync(Create(missing, FreshUser, "fresh@example.org")));
        table.Refused("CreateUser: user id taken", StatusCode.AlreadyExists, () => users.CreateUserAsync(Create(a.Id, a.User, "fresh@example.org")));
        table.Refused("CreateUser: user id taken, same profile", StatusCode.AlreadyExists, () => users.CreateUserAsync(
            new CreateUserRequest { OrganizationId = a.Id, UserId = a.User, Email = Tenant.Email(a.User), GivenName = "Given", FamilyName = a.User }));
        table.Refused("CreateUser: e-mail taken", StatusCode.AlreadyExists, () => users.CreateUserAsync(Create(a.Id, FreshUser, Tenant.Email(a.User))));
        table.Refused("CreateUser: e-mail taken, differing only in case", StatusCode.AlreadyExists, () => users.CreateUserAsync(Create(a.Id, FreshUser, Tenant.Email(a.User).ToUpperInvariant())));
        table.Refused("CreateUser: e-mail taken, with surrounding blanks", StatusCode.AlreadyExists, () => users.CreateUserAsync(Create(a.Id, FreshUser, $"  {Tenant.Email(a.Other)} ")));
        table.Refused("CreateUser: e-mail taken, server-chosen id", StatusCode.AlreadyExists, () => users.CreateUserAsync(Create(a.Id, "", Tenant.Email(a.Other).ToUpperInvariant())));

        table.MalformedIds("GetUser", () => new GetUserRequest { OrganizationId = a.Id, UserId = a.User }, r => users.GetUserAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v);
        table.Refused("GetUser: unknown user", StatusCode.NotFound, () => users.GetUserAsync(new GetUserRequest { OrganizationId = a.Id, UserId = MissingUser }));
        table.Refused("GetUser: unknown organization", StatusCode.NotFound, () => users.GetUserAsync(new GetUserRequest { OrganizationId = missing, UserId = a.User }));
        table.Refused("GetUser: user of organization A in organization B", StatusCode.NotFound, () => users.GetUserAsync(new GetUserRequest { OrganizationId = b.Id, UserId = a.User }));

        table.MalformedIds("ListUsers", () => new ListUsersRequest { OrganizationId = a.Id }, r => users.ListUsersAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v);
        table.Refused("ListUsers: unknown organization", StatusCode.NotFound, () => users.ListUsersAsync(new ListUsersRequest { OrganizationId = missing }));
        foreach (var size in new[] { -1, 1001 })
        {
            table.Invalid($"ListUsers: page_size {size}", "page_size", () => users.ListUsersAsync(new ListUsersRequest { OrganizationId = a.Id, PageSize = size }));
        }

        foreach (var token in GarbageTokens)
        {
            table.Invalid($"ListUsers: page_token '{token}'", "page_token", () => users.ListUsersAsync(new ListUsersRequest { OrganizationId = a.Id, PageToken = token }));
        }

        table.Invalid("ListUsers: query of 101 characters", "query", () => users.ListUsersAsync(new ListUsersRequest { OrganizationId = a.Id, Query = new string('q', 101) }));
    }

    private void PermissionCases(Table table, World world)
    {
        var permissions = gateway.Permissions;
        var (a, b, missing) = (world.A, world.B, world.MissingOrganization);

        CreatePermissionRequest Create(string org, string permissionId) => new() { OrganizationId = org, PermissionId = permissionId };

        table.MalformedIds("ListPermissions", () => new ListPermissionsRequest { OrganizationId = a.Id }, r => permissions.ListPermissionsAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v);
        table.Refused("ListPermissions: unknown organization", StatusCode.NotFound, () => permissions.ListPermissionsAsync(new ListPermissionsRequest { OrganizationId = missing }));

        table.MalformedIds("CreatePermission", () => Create(a.Id, FreshPermission), r => permissions.CreatePermissionAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .PermissionId("permission_id", (r, v) => r.PermissionId = v);
        table.Invalid("CreatePermission: reserved 'admin.' id", "permission_id", () => permissions.CreatePermissionAsync(Create(a.Id, "admin.custom.read")));
        table.Invalid("CreatePermission: reserved 'admin.' id of an admin permission", "permission_id", () => permissions.CreatePermissionAsync(Create(a.Id, "admin.sharing.manage")));
        table.Invalid("CreatePermission: description of 501 characters", "description", () => permissions.CreatePermissionAsync(Create(a.Id, FreshPermission).With(r => r.Description = new string('d', 501))));
        table.Refused("CreatePermission: unknown organization", StatusCode.NotFound, () => permissions.CreatePermissionAsync(Create(missing, FreshPermission)));
        table.Refused("CreatePermission: id taken", StatusCode.AlreadyExists, () => permissions.CreatePermissionAsync(Create(a.Id, SharedPermission)));
        table.Refused("CreatePermission: id taken (B)", StatusCode.AlreadyExists, () => permissions.CreatePermissionAsync(Create(b.Id, b.OnlyPermission)));
    }

    private void RoleCases(Table table, World world)
    {
        var roles = gateway.Roles;
        var (a, b, missing) = (world.A, world.B, world.MissingOrganization);

        CreateRoleRequest Create(string org, string roleId, string name, params string[] permissionIds) =>
            new() { OrganizationId = org, RoleId = roleId, DisplayName = name, PermissionIds = { permissionIds } };

        table.MalformedIds("CreateRole", () => Create(a.Id, FreshRole, "Fresh role", SharedPermission, a.OnlyPermission), r => roles.CreateRoleAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("role_id", (r, v) => r.RoleId = v, optional: true)
            .PermissionId("permission_ids[0]", (r, v) => r.PermissionIds[0] = v)
            .PermissionId("permission_ids[1]", (r, v) => r.PermissionIds[1] = v);
        foreach (var (label, name) in BadDisplayNames(100))
        {
            table.Invalid($"CreateRole: display_name {label}", "display_name", () => roles.CreateRoleAsync(Create(a.Id, FreshRole, name)));
        }

        table.Refused("CreateRole: unknown organization", StatusCode.NotFound, () => roles.CreateRoleAsync(Create(missing, FreshRole, "Fresh role")));
        table.Refused("CreateRole: unknown permission", StatusCode.NotFound, () => roles.CreateRoleAsync(Create(a.Id, FreshRole, "Fresh role", MissingPermission)));
        table.Refused("CreateRole: one unknown permission among known ones", StatusCode.NotFound, () => roles.CreateRoleAsync(Create(a.Id, FreshRole, "Fresh role", SharedPermission, MissingPermission)));
        table.Refused("CreateRole: permission of organization A in organization B", StatusCode.NotFound, () => roles.CreateRoleAsync(Create(b.Id, FreshRole, "Fresh role", a.OnlyPermission)));
        table.Refused("CreateRole: role id taken", StatusCode.AlreadyExists, () => roles.CreateRoleAsync(Create(a.Id, a.Role, "Another name")));
        table.Refused("CreateRole: role id of a predefined role", StatusCode.AlreadyExists, () => roles.CreateRoleAsync(Create(a.Id, "team-admin", "Another name")));
        table.Refused("CreateRole: name taken, differing only in case", StatusCode.AlreadyExists, () => roles.CreateRoleAsync(Create(a.Id, FreshRole, a.RoleName.ToUpperInvariant())));
        table.Refused("CreateRole: name taken, with surrounding blanks", StatusCode.AlreadyExists, () => roles.CreateRoleAsync(Create(a.Id, FreshRole, $"  {a.SpareName.ToLowerInvariant()} ")));
        table.Refused("CreateRole: name of a predefined role, differing only in case", StatusCode.AlreadyExists, () => roles.CreateRoleAsync(Create(a.Id, FreshRole, "TEAM ADMINISTRATOR")));
        table.Refused("CreateRole: name taken, server-chosen id", StatusCode.AlreadyExists, () => roles.CreateRoleAsync(Create(a.Id, "", a.RoleName)));

        table.MalformedIds("GetRole", () => new GetRoleRequest { OrganizationId = a.Id, RoleId = a.Role }, r => roles.GetRoleAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("role_id", (r, v) => r.RoleId = v);
        table.Refused("GetRole: unknown role", StatusCode.NotFound, () => roles.GetRoleAsync(new GetRoleRequest { OrganizationId = a.Id, RoleId = MissingRole }));
        table.Refused("GetRole: unknown organization", StatusCode.NotFound, () => roles.GetRoleAsync(new GetRoleRequest { OrganizationId = missing, RoleId = "team-admin" }));
        table.Refused("GetRole: role of organization A in organization B", StatusCode.NotFound, () => roles.GetRoleAsync(new GetRoleRequest { OrganizationId = b.Id, RoleId = a.Role }));

        table.MalformedIds("ListRoles", () => new ListRolesRequest { OrganizationId = a.Id }, r => roles.ListRolesAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v);
        table.Refused("ListRoles: unknown organization", StatusCode.NotFound, () => roles.ListRolesAsync(new ListRolesRequest { OrganizationId = missing }));

        SetRolePermissionsRequest Set(string org, string roleId, params string[] permissionIds) =>
            new() { OrganizationId = org, RoleId = roleId, PermissionIds = { permissionIds } };
        table.MalformedIds("SetRolePermissions", () => Set(a.Id, a.Spare, SharedPermission, a.OnlyPermission), r => roles.SetRolePermissionsAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("role_id", (r, v) => r.RoleId = v)
            .PermissionId("permission_ids[0]", (r, v) => r.PermissionIds[0] = v)
            .PermissionId("permission_ids[1]", (r, v) => r.PermissionIds[1] = v);
        table.Invalid("SetRolePermissions: 4097 permission_ids", "permission_ids", () => roles.SetRolePermissionsAsync(Set(a.Id, a.Spare, Enumerable.Repeat(SharedPermission, 4097).ToArray())));
        table.Refused("SetRolePermissions: unknown role", StatusCode.NotFound, () => roles.SetRolePermissionsAsync(Set(a.Id, MissingRole, SharedPermission)));
        table.Refused("SetRolePermissions: unknown organization", StatusCode.NotFound, () => roles.SetRolePermissionsAsync(Set(missing, "team-admin")));
        table.Refused("SetRolePermissions: unknown permission", StatusCode.NotFound, () => roles.SetRolePermissionsAsync(Set(a.Id, a.Role, SharedPermission, MissingPermission)));
        table.Refused("SetRolePermissions: unknown permission on a predefined role", StatusCode.NotFound, () => roles.SetRolePermissionsAsync(Set(a.Id, "team-admin", MissingPermission)));
        table.Refused("SetRolePermissions: role of organization A in organization B", StatusCode.NotFound, () => roles.SetRolePermissionsAsync(Set(b.Id, a.Role, SharedPermission)));
        table.Refused("SetRolePermissions: permission of organization A in organization B", StatusCode.NotFound, () => roles.SetRolePermissionsAsync(Set(b.Id, b.Role, SharedPermission, a.OnlyPermission)));

        RenameRoleRequest Rename(string org, string roleId, string name) => new() { OrganizationId = org, RoleId = roleId, DisplayName = name };
        table.MalformedIds("RenameRole", () => Rename(a.Id, a.Spare, "Renamed"), r => roles.RenameRoleAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("role_id", (r, v) => r.RoleId = v);
        foreach (var (label, name) in BadDisplayNames(100))
        {
            table.Invalid($"RenameRole: display_name {label}", "display_name", () => roles.RenameRoleAsync(Rename(a.Id, a.Spare, name)));
        }

        table.Refused("RenameRole: unknown role", StatusCode.NotFound, () => roles.RenameRoleAsync(Rename(a.Id, MissingRole, "Renamed")));
        table.Refused("RenameRole: unknown organization", StatusCode.NotFound, () => roles.RenameRoleAsync(Rename(missing, "team-admin", "Renamed")));
        table.Refused("RenameRole: role of organization A in organization B", StatusCode.NotFound, () => roles.RenameRoleAsync(Rename(b.Id, a.Role, "Renamed")));
        table.Refused("RenameRole: name of another role, differing only in case", StatusCode.AlreadyExists, () => roles.RenameRoleAsync(Rename(a.Id, a.Spare, a.RoleName.ToUpperInvariant())));
        table.Refused("RenameRole: name of a predefined role", StatusCode.AlreadyExists, () => roles.RenameRoleAsync(Rename(a.Id, a.Role, "team administrator")));
        table.Refused("RenameRole: predefined role to another predefined role's name", StatusCode.AlreadyExists, () => roles.RenameRoleAsync(Rename(a.Id, "team-admin", "Billing Administrator")));

        table.MalformedIds("DeleteRole", () => new DeleteRoleRequest { OrganizationId = a.Id, RoleId = a.Spare }, r => roles.DeleteRoleAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("role_id", (r, v) => r.RoleId = v);
        table.Refused("DeleteRole: unknown role", StatusCode.NotFound, () => roles.DeleteRoleAsync(new DeleteRoleRequest { OrganizationId = a.Id, RoleId = MissingRole }));
        table.Refused("DeleteRole: unknown organization", StatusCode.NotFound, () => roles.DeleteRoleAsync(new DeleteRoleRequest { OrganizationId = missing, RoleId = "team-admin" }));
        table.Refused("DeleteRole: unassigned role of organization A in organization B", StatusCode.NotFound, () => roles.DeleteRoleAsync(new DeleteRoleRequest { OrganizationId = b.Id, RoleId = a.Spare }));
        table.Refused("DeleteRole: assigned role of organization A in organization B", StatusCode.NotFound, () => roles.DeleteRoleAsync(new DeleteRoleRequest { OrganizationId = b.Id, RoleId = a.Role }));
        table.Refused("DeleteRole: role held by a user", StatusCode.FailedPrecondition, () => roles.DeleteRoleAsync(new DeleteRoleRequest { OrganizationId = a.Id, RoleId = a.Role }));
        table.Refused("DeleteRole: role held by a user (B)", StatusCode.FailedPrecondition, () => roles.DeleteRoleAsync(new DeleteRoleRequest { OrganizationId = b.Id, RoleId = b.Role }));

        table.MalformedIds("RestoreRole", () => new RestoreRoleRequest { OrganizationId = a.Id, RoleId = "team-admin" }, r => roles.RestoreRoleAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("role_id", (r, v) => r.RoleId = v);
        table.Refused("RestoreRole: unknown role", StatusCode.NotFound, () => roles.RestoreRoleAsync(new RestoreRoleRequest { OrganizationId = a.Id, RoleId = MissingRole }));
        table.Refused("RestoreRole: unknown organization", StatusCode.NotFound, () => roles.RestoreRoleAsync(new RestoreRoleRequest { OrganizationId = missing, RoleId = "team-admin" }));
        table.Refused("RestoreRole: role of organization A in organization B", StatusCode.NotFound, () => roles.RestoreRoleAsync(new RestoreRoleRequest { OrganizationId = b.Id, RoleId = a.Role }));
        table.Refused("RestoreRole: custom role held by a user", StatusCode.FailedPrecondition, () => roles.RestoreRoleAsync(new RestoreRoleRequest { OrganizationId = a.Id, RoleId = a.Role }));
        table.Refused("RestoreRole: custom role held by nobody", StatusCode.FailedPrecondition, () => roles.RestoreRoleAsync(new RestoreRoleRequest { OrganizationId = a.Id, RoleId = a.Spare }));
    }

    private void AssignmentCases(Table table, World world)
    {
        var assignments = gateway.Assignments;
        var (a, b, missing) = (world.A, world.B, world.MissingOrganization);

        AssignRolesRequest Assign(string org, string userId, string unitId, params string[] roleIds) =>
            new() { OrganizationId = org, UserId = userId, UnitId = unitId, RoleIds = { roleIds } };
        table.MalformedIds("AssignRoles", () => Assign(a.Id, a.Other, a.Root, a.Role, a.Spare), r => assignments.AssignRolesAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v)
            .Id("unit_id", (r, v) => r.UnitId = v)
            .Id("role_ids[0]", (r, v) => r.RoleIds[0] = v)
            .Id("role_ids[1]", (r, v) => r.RoleIds[1] = v);
        table.Invalid("AssignRoles: no role_ids", "role_ids", () => assignments.AssignRolesAsync(Assign(a.Id, a.Other, a.Root)));
        table.Invalid("AssignRoles: 101 role_ids", "role_ids", () => assignments.AssignRolesAsync(Assign(a.Id, a.Other, a.Root, Enumerable.Range(0, 101).Select(i => $"role-{i}").ToArray())));
        table.Refused("AssignRoles: unknown organization", StatusCode.NotFound, () => assignments.AssignRolesAsync(Assign(missing, a.Other, Hq, "team-admin")));
        table.Refused("AssignRoles: unknown unit", StatusCode.NotFound, () => assignments.AssignRolesAsync(Assign(a.Id, a.Other, MissingUnit, a.Role)));
        table.Refused("AssignRoles: unknown user", StatusCode.NotFound, () => assignments.AssignRolesAsync(Assign(a.Id, MissingUser, a.Root, a.Role)));
        table.Refused("AssignRoles: unknown role", StatusCode.NotFound, () => assignments.AssignRolesAsync(Assign(a.Id, a.Other, a.Root, MissingRole)));
        table.Refused("AssignRoles: one unknown role among known ones", StatusCode.NotFound, () => assignments.AssignRolesAsync(Assign(a.Id, a.Other, a.Root, a.Role, MissingRole)));
        table.Refused("AssignRoles: one unknown role added to a holder", StatusCode.NotFound, () => assignments.AssignRolesAsync(Assign(a.Id, a.User, a.Child, a.Spare, MissingRole)));
        table.Refused("AssignRoles: user of organization A in organization B", StatusCode.NotFound, () => assignments.AssignRolesAsync(Assign(b.Id, a.User, b.Root, b.Role)));
        table.Refused("AssignRoles: unit of organization A in organization B", StatusCode.NotFound, () => assignments.AssignRolesAsync(Assign(b.Id, b.Other, a.Child, b.Role)));
        table.Refused("AssignRoles: role of organization A in organization B", StatusCode.NotFound, () => assignments.AssignRolesAsync(Assign(b.Id, b.Other, Hq, a.Role)));

        RemoveRolesRequest Remove(string org, string userId, string unitId, params string[] roleIds) =>
            new() { OrganizationId = org, UserId = userId, UnitId = unitId, RoleIds = { roleIds } };
        table.MalformedIds("RemoveRoles", () => Remove(a.Id, a.User, a.Child, a.Role), r => assignments.RemoveRolesAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v)
            .Id("unit_id", (r, v) => r.UnitId = v)
            .Id("role_ids[0]", (r, v) => r.RoleIds[0] = v);
        table.Invalid("RemoveRoles: no role_ids", "role_ids", () => assignments.RemoveRolesAsync(Remove(a.Id, a.User, a.Child)));
        table.Invalid("RemoveRoles: 101 role_ids", "role_ids", () => assignments.RemoveRolesAsync(Remove(a.Id, a.User, a.Child, Enumerable.Repeat(a.Role, 101).ToArray())));
        table.Refused("RemoveRoles: unknown organization", StatusCode.NotFound, () => assignments.RemoveRolesAsync(Remove(missing, a.User, Hq, a.Role)));
        table.Refused("RemoveRoles: unknown unit", StatusCode.NotFound, () => assignments.RemoveRolesAsync(Remove(a.Id, a.User, MissingUnit, a.Role)));
        table.Refused("RemoveRoles: unknown user", StatusCode.NotFound, () => assignments.RemoveRolesAsync(Remove(a.Id, MissingUser, a.Child, a.Role)));
        table.Refused("RemoveRoles: unknown role", StatusCode.NotFound, () => assignments.RemoveRolesAsync(Remove(a.Id, a.User, a.Child, MissingRole)));
        table.Refused("RemoveRoles: role not held by the user", StatusCode.NotFound, () => assignments.RemoveRolesAsync(Remove(a.Id, a.Other, a.Child, a.Role)));
        table.Refused("RemoveRoles: one held role and one not held", StatusCode.NotFound, () => assignments.RemoveRolesAsync(Remove(a.Id, a.User, a.Child, a.Role, a.Spare)));
        table.Refused("RemoveRoles: role held in another unit only", StatusCode.NotFound, () => assignments.RemoveRolesAsync(Remove(a.Id, a.User, a.Root, a.Role)));
        table.Refused("RemoveRoles: user of organization A in organization B", StatusCode.NotFound, () => assignments.RemoveRolesAsync(Remove(b.Id, a.User, Hq, b.Role)));
        table.Refused("RemoveRoles: unit of organization A in organization B", StatusCode.NotFound, () => assignments.RemoveRolesAsync(Remove(b.Id, b.User, a.Child, b.Role)));
        table.Refused("RemoveRoles: role of organization A in organization B", StatusCode.NotFound, () => assignments.RemoveRolesAsync(Remove(b.Id, b.User, Hq, a.Role)));

        ListAssignmentsRequest List(string org) => new() { OrganizationId = org };
        table.MalformedIds("ListAssignments", () => new ListAssignmentsRequest { OrganizationId = a.Id, UnitIds = { a.Child, Hq }, UserIds = { a.User, a.Other } },
            r => assignments.ListAssignmentsAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("unit_ids[0]", (r, v) => r.UnitIds[0] = v)
            .Id("unit_ids[1]", (r, v) => r.UnitIds[1] = v)
            .Id("user_ids[0]", (r, v) => r.UserIds[0] = v)
            .Id("user_ids[1]", (r, v) => r.UserIds[1] = v);
        foreach (var size in new[] { -1, 1001 })
        {
            table.Invalid($"ListAssignments: page_size {size}", "page_size", () => assignments.ListAssignmentsAsync(List(a.Id).With(r => r.PageSize = size)));
        }

        foreach (var token in GarbageTokens)
        {
            table.Invalid($"ListAssignments: page_token '{token}'", "page_token", () => assignments.ListAssignmentsAsync(List(a.Id).With(r => r.PageToken = token)));
        }

        table.Invalid("ListAssignments: 1001 unit_ids", "unit_ids", () => assignments.ListAssignmentsAsync(List(a.Id).With(r => r.UnitIds.AddRange(Enumerable.Repeat(Hq, 1001)))));
        table.Invalid("ListAssignments: 1001 user_ids", "user_ids", () => assignments.ListAssignmentsAsync(List(a.Id).With(r => r.UserIds.AddRange(Enumerable.Repeat(a.User, 1001)))));
        table.Refused("ListAssignments: unknown organization", StatusCode.NotFound, () => assignments.ListAssignmentsAsync(List(missing)));
        table.Refused("ListAssignments: unknown unit in the filter", StatusCode.NotFound, () => assignments.ListAssignmentsAsync(List(a.Id).With(r => r.UnitIds.Add(MissingUnit))));
        table.Refused("ListAssignments: unknown user in the filter", StatusCode.NotFound, () => assignments.ListAssignmentsAsync(List(a.Id).With(r => r.UserIds.Add(MissingUser))));
        table.Refused("ListAssignments: unknown user beside a unit filter", StatusCode.NotFound, () => assignments.ListAssignmentsAsync(List(a.Id).With(r => { r.UnitIds.Add(Hq); r.UserIds.Add(MissingUser); })));
        table.Refused("ListAssignments: unit of organization A in organization B's filter", StatusCode.NotFound, () => assignments.ListAssignmentsAsync(List(b.Id).With(r => r.UnitIds.Add(a.Child))));
        table.Refused("ListAssignments: user of organization A in organization B's filter", StatusCode.NotFound, () => assignments.ListAssignmentsAsync(List(b.Id).With(r => r.UserIds.Add(a.User))));
        table.Answered("ListAssignments: organization B lists only its own assignments", () => assignments.ListAssignmentsAsync(List(b.Id)), response =>
            Expect(string.Join(" ", response.Assignments.Select(x => $"{x.OrganizationId}:{x.UnitId}:{x.UserId}")), $"{b.Id}:{b.Child}:{b.User} {b.Id}:{Hq}:{b.User}"));
        table.Answered("ListAssignments: organization B's filter on the shared unit id", () => assignments.ListAssignmentsAsync(List(b.Id).With(r => r.UnitIds.Add(Hq))), response =>
            Expect(string.Join(" ", response.Assignments.Select(x => $"{x.UserId}:{string.Join(",", x.Roles.Select(role => role.RoleId))}")), $"{b.User}:{b.Role}"));

        table.Sequence("AssignRoles: a role whose deletion was refused is still assignable (assigned, then removed again)", async () =>
            {
                var assigned = await assignments.AssignRolesAsync(Assign(a.Id, a.Other, a.Root, a.Role));
                var removed = await assignments.RemoveRolesAsync(Remove(a.Id, a.Other, a.Root, a.Role));
                return new ListAssignmentsResponse { Assignments = { assigned, removed } };
            },
            response => Expect(string.Join(" | ", response.Assignments.Select(x => $"{x.UserId}@{x.UnitId}:{string.Join(",", x.Roles.Select(role => role.RoleId))}")),
                $"{a.Other}@{a.Root}:{a.Role} | {a.Other}@{a.Root}:"));

        ListUserAccessesRequest Accesses(string org, string userId) => new() { OrganizationId = org, UserId = userId };
        table.MalformedIds("ListUserAccesses", () => Accesses(a.Id, a.User), r => assignments.ListUserAccessesAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v);
        table.Refused("ListUserAccesses: unknown user", StatusCode.NotFound, () => assignments.ListUserAccessesAsync(Accesses(a.Id, MissingUser)));
        table.Refused("ListUserAccesses: unknown organization", StatusCode.NotFound, () => assignments.ListUserAccessesAsync(Accesses(missing, a.User)));
        table.Refused("ListUserAccesses: user of organization A in organization B", StatusCode.NotFound, () => assignments.ListUserAccessesAsync(Accesses(b.Id, a.User)));
        table.Answered("ListUserAccesses: a user without roles has none", () => assignments.ListUserAccessesAsync(Accesses(b.Id, b.Other)), response =>
            Expect(response.Accesses.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "0"));
    }

    private void CheckCases(Table table, World world)
    {
        var checks = gateway.Checks;
        var (a, b, missing) = (world.A, world.B, world.MissingOrganization);

        CheckRequest Check(string org, string userId, string unitId, string permissionId) =>
            new() { OrganizationId = org, UserId = userId, UnitId = unitId, PermissionId = permissionId };
        table.MalformedIds("Check", () => Check(a.Id, a.User, Hq, SharedPermission), r => checks.CheckAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v)
            .Id("unit_id", (r, v) => r.UnitId = v)
            .PermissionId("permission_id", (r, v) => r.PermissionId = v);
        table.Refused("Check: unknown organization", StatusCode.NotFound, () => checks.CheckAsync(Check(missing, a.User, Hq, SharedPermission)));
        table.Refused("Check: unknown unit", StatusCode.NotFound, () => checks.CheckAsync(Check(a.Id, a.User, MissingUnit, SharedPermission)));
        table.Refused("Check: unknown permission", StatusCode.NotFound, () => checks.CheckAsync(Check(a.Id, a.User, Hq, MissingPermission)));
        table.Refused("Check: unit of organization A in organization B", StatusCode.NotFound, () => checks.CheckAsync(Check(b.Id, b.User, a.Child, SharedPermission)));
        table.Refused("Check: permission of organization A in organization B", StatusCode.NotFound, () => checks.CheckAsync(Check(b.Id, b.User, Hq, a.OnlyPermission)));
        table.Answered("Check: organization A's holder in A (control)", () => checks.CheckAsync(Check(a.Id, a.User, Hq, SharedPermission)), response => Expect(response.Allowed, true));
        table.Answered("Check: organization B never sees A's assignment", () => checks.CheckAsync(Check(b.Id, a.User, Hq, SharedPermission)), response => Expect(response.Allowed, false));
        table.Answered("Check: organization A never sees B's assignment", () => checks.CheckAsync(Check(a.Id, b.User, Hq, SharedPermission)), response => Expect(response.Allowed, false));
        table.Answered("Check: unknown user is denied", () => checks.CheckAsync(Check(a.Id, MissingUser, Hq, SharedPermission)), response => Expect(response.Allowed, false));

        CheckBatchRequest Batch(string org, params (string User, string Unit, string Permission)[] items) => new()
        {
            OrganizationId = org,
            Items = { items.Select(item => new CheckBatchItem { UserId = item.User, UnitId = item.Unit, PermissionId = item.Permission }) },
        };
        table.MalformedIds("CheckBatch", () => Batch(a.Id, (a.User, a.Child, SharedPermission), (a.User, Hq, SharedPermission), (a.Other, a.Root, a.OnlyPermission)),
            r => checks.CheckBatchAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("items[0].user_id", (r, v) => r.Items[0].UserId = v)
            .Id("items[1].unit_id", (r, v) => r.Items[1].UnitId = v)
            .PermissionId("items[2].permission_id", (r, v) => r.Items[2].PermissionId = v);
        table.Invalid("CheckBatch: no items", "items", () => checks.CheckBatchAsync(Batch(a.Id)));
        table.Invalid("CheckBatch: 1001 items", "items", () => checks.CheckBatchAsync(Batch(a.Id, Enumerable.Repeat((a.User, Hq, SharedPermission), 1001).ToArray())));
        table.Answered("CheckBatch: unknown unit and permission fail only their items",
            () => checks.CheckBatchAsync(Batch(a.Id,
                (a.User, a.Child, SharedPermission),
                (a.User, MissingUnit, SharedPermission),
                (a.User, Hq, MissingPermission),
                (a.User, Hq, a.OnlyPermission),
                (a.User, a.Root, SharedPermission),
                (b.User, Hq, SharedPermission))),
            response => Expect(Describe(response), "allowed | error 5 | error 5 | allowed | denied | denied"));
        table.Answered("CheckBatch: organization B never sees A's units, permissions or assignments",
            () => checks.CheckBatchAsync(Batch(b.Id,
                (a.User, Hq, SharedPermission),
                (b.User, Hq, SharedPermission),
                (b.User, a.Child, SharedPermission),
                (b.User, Hq, a.OnlyPermission),
                (a.User, b.Child, b.OnlyPermission))),
            response => Expect(Describe(response), "denied | allowed | error 5 | error 5 | denied"));

        ExplainRequest Explain(string org, string userId, string unitId, string permissionId) =>
            new() { OrganizationId = org, UserId = userId, UnitId = unitId, PermissionId = permissionId };
        table.MalformedIds("Explain", () => Explain(a.Id, a.User, a.Child, SharedPermission), r => checks.ExplainAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v)
            .Id("unit_id", (r, v) => r.UnitId = v)
            .PermissionId("permission_id", (r, v) => r.PermissionId = v);
        table.Refused("Explain: unknown organization", StatusCode.NotFound, () => checks.ExplainAsync(Explain(missing, a.User, Hq, SharedPermission)));
        table.Refused("Explain: unknown unit", StatusCode.NotFound, () => checks.ExplainAsync(Explain(a.Id, a.User, MissingUnit, SharedPermission)));
        table.Refused("Explain: unknown permission", StatusCode.NotFound, () => checks.ExplainAsync(Explain(a.Id, a.User, Hq, MissingPermission)));
        table.Refused("Explain: unit of organization A in organization B", StatusCode.NotFound, () => checks.ExplainAsync(Explain(b.Id, b.User, a.Child, SharedPermission)));
        table.Refused("Explain: permission of organization A in organization B", StatusCode.NotFound, () => checks.ExplainAsync(Explain(b.Id, b.User, Hq, a.OnlyPermission)));
        table.Answered("Explain: organization B never sees A's user or assignment", () => checks.ExplainAsync(Explain(b.Id, a.User, Hq, SharedPermission)), response =>
            Expect($"{response.Allowed} {response.DenialReason} roles={response.Roles.Count}", $"False {DenialReason.UserNotFound} roles=0"));
        table.Answered("Explain: organization A's holder in A (control)", () => checks.ExplainAsync(Explain(a.Id, a.User, Hq, SharedPermission)), response =>
            Expect($"{response.Allowed} {string.Join(",", response.Roles.Select(role => $"{role.RoleId}@{role.UnitId}:{role.GrantsPermission}"))}", $"True {a.Role}@{Hq}:True"));

        LookupUnitsRequest Units(string org, string userId, string permissionId) => new() { OrganizationId = org, UserId = userId, PermissionId = permissionId };
        table.MalformedIds("LookupUnits", () => Units(a.Id, a.User, SharedPermission), r => checks.LookupUnitsAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v)
            .PermissionId("permission_id", (r, v) => r.PermissionId = v);
        table.Refused("LookupUnits: unknown organization", StatusCode.NotFound, () => checks.LookupUnitsAsync(Units(missing, a.User, SharedPermission)));
        table.Refused("LookupUnits: unknown user", StatusCode.NotFound, () => checks.LookupUnitsAsync(Units(a.Id, MissingUser, SharedPermission)));
        table.Refused("LookupUnits: unknown permission", StatusCode.NotFound, () => checks.LookupUnitsAsync(Units(a.Id, a.User, MissingPermission)));
        table.Refused("LookupUnits: user of organization A in organization B", StatusCode.NotFound, () => checks.LookupUnitsAsync(Units(b.Id, a.User, SharedPermission)));
        table.Refused("LookupUnits: permission of organization A in organization B", StatusCode.NotFound, () => checks.LookupUnitsAsync(Units(b.Id, b.User, a.OnlyPermission)));
        table.Answered("LookupUnits: organization B's holder sees only B's units", () => checks.LookupUnitsAsync(Units(b.Id, b.User, SharedPermission)), response =>
            Expect(string.Join(" ", response.UnitIds), $"{b.Child} {Hq}"));

        LookupUsersRequest Users(string org, string unitId, string permissionId) => new() { OrganizationId = org, UnitId = unitId, PermissionId = permissionId };
        table.MalformedIds("LookupUsers", () => Users(a.Id, Hq, SharedPermission), r => checks.LookupUsersAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("unit_id", (r, v) => r.UnitId = v)
            .PermissionId("permission_id", (r, v) => r.PermissionId = v);
        foreach (var size in new[] { -1, 1001 })
        {
            table.Invalid($"LookupUsers: page_size {size}", "page_size", () => checks.LookupUsersAsync(Users(a.Id, Hq, SharedPermission).With(r => r.PageSize = size)));
        }

        foreach (var token in GarbageTokens)
        {
            table.Invalid($"LookupUsers: page_token '{token}'", "page_token", () => checks.LookupUsersAsync(Users(a.Id, Hq, SharedPermission).With(r => r.PageToken = token)));
        }

        table.Refused("LookupUsers: unknown organization", StatusCode.NotFound, () => checks.LookupUsersAsync(Users(missing, Hq, SharedPermission)));
        table.Refused("LookupUsers: unknown unit", StatusCode.NotFound, () => checks.LookupUsersAsync(Users(a.Id, MissingUnit, SharedPermission)));
        table.Refused("LookupUsers: unknown permission", StatusCode.NotFound, () => checks.LookupUsersAsync(Users(a.Id, Hq, MissingPermission)));
        table.Refused("LookupUsers: unit of organization A in organization B", StatusCode.NotFound, () => checks.LookupUsersAsync(Users(b.Id, a.Child, SharedPermission)));
        table.Refused("LookupUsers: permission of organization A in organization B", StatusCode.NotFound, () => checks.LookupUsersAsync(Users(b.Id, Hq, a.OnlyPermission)));
        table.Answered("LookupUsers: organization B never sees A's holder", () => checks.LookupUsersAsync(Users(b.Id, Hq, SharedPermission)), response =>
            Expect(string.Join(" ", response.UserIds), b.User));
    }

    private static (string Label, string Value)[] BadDisplayNames(int maxLength) =>
    [
        ("missing", ""),
        ("blank", "   "),
        ($"of {maxLength + 1} characters", new string('n', maxLength + 1)),
        ("with a control character", "bad\u0007name"),
    ];

    private static string Describe(CheckBatchResponse response) =>
        string.Join(" | ", response.Results.Select(result =>
            result.Error is { } error ? $"error {error.Code}" + (result.Allowed ? " but allowed" : "") : result.Allowed ? "allowed" : "denied"));

    private static string? Expect<T>(T actual, T expected) =>
        EqualityComparer<T>.Default.Equals(actual, expected) ? null : $"expected '{expected}', got '{actual}'";

    // ---------------------------------------------------------------- types

    private sealed record Case(string Name, Func<Task<IMessage>> Call, StatusCode Code, string? Field, Func<IMessage, string?>? Verify);

    private sealed class Table
    {
        public List<Case> Cases { get; } = [];

        public void Refused<T>(string name, StatusCode code, Func<AsyncUnaryCall<T>> call)
            where T : IMessage =>
            Cases.Add(new Case(name, async () => await call(), code, null, null));

        public void Invalid<T>(string name, string field, Func<AsyncUnaryCall<T>> call)
            where T : IMessage =>
            Cases.Add(new Case(name, async () => await call(), StatusCode.InvalidArgument, field, null));

        public void Answered<T>(string name, Func<AsyncUnaryCall<T>> call, Func<T, string?> verify)
            where T : IMessage =>
            Cases.Add(new Case(name, async () => await call(), StatusCode.OK, null, response => verify((T)response)));

        /// <summary>Several calls that must all succeed and leave the state as it was.</summary>
        public void Sequence<T>(string name, Func<Task<T>> calls, Func<T, string?> verify)
            where T : IMessage =>
            Cases.Add(new Case(name, async () => await calls(), StatusCode.OK, null, response => verify((T)response)));

        /// <summary>Cases for a valid request with one id field at a time replaced by each malformed value.</summary>
        public Malformed<TRequest, TResponse> MalformedIds<TRequest, TResponse>(string rpc, Func<TRequest> valid, Func<TRequest, AsyncUnaryCall<TResponse>> send)
            where TResponse : IMessage =>
            new(this, rpc, valid, send);
    }

    private sealed class Malformed<TRequest, TResponse>(Table table, string rpc, Func<TRequest> valid, Func<TRequest, AsyncUnaryCall<TResponse>> send)
        where TResponse : IMessage
    {
        /// <summary>An id field; an optional one may be empty (the server then picks the id).</summary>
        public Malformed<TRequest, TResponse> Id(string field, Action<TRequest, string> set, bool optional = false) =>
            Add(field, set, BadIds.Where(bad => !optional || bad.Value.Length > 0));

        public Malformed<TRequest, TResponse> PermissionId(string field, Action<TRequest, string> set) => Add(field, set, BadPermissionIds);

        private Malformed<TRequest, TResponse> Add(string field, Action<TRequest, string> set, IEnumerable<(string Label, string Value)> values)
        {
            foreach (var (label, value) in values)
            {
                var request = valid();
                set(request, value);
                table.Invalid($"{rpc}: {field} {label}", field, () => send(request));
            }

            return this;
        }
    }

    private sealed record World(Tenant A, Tenant B, Tenant Flat, string MissingOrganization);

    /// <summary>
    /// A fresh organization. Hierarchical ones hold units {p}-root &gt; {p}-child and hq, users {p}-user and {p}-other,
    /// permissions app.docs.read and {p}.only.read, roles {p}-role (both permissions) and {p}-spare, and
    /// {p}-user holds {p}-role in {p}-child and hq. The flat one holds unit flat-root and users only.
    /// </summary>
    private sealed record Tenant(string Id, string P, bool Hierarchical)
    {
        public string Root => $"{P}-root";

        public string Child => $"{P}-child";

        public string User => $"{P}-user";

        public string Other => $"{P}-other";

        public string Role => $"{P}-role";

        public string Spare => $"{P}-spare";

        public string RoleName => $"Reader {P}";

        public string SpareName => $"Spare {P}";

        public string OnlyPermission => $"{P}.only.read";

        public string[] Units => Hierarchical ? [Root, Child, Hq] : [Root];

        public string[] Users => [User, Other];

        public string[] Permissions => Hierarchical ? [SharedPermission, OnlyPermission] : ["admin.sharing.manage"];

        public static string Email(string userId) => $"{userId}@example.org";
    }
}

internal static class BadInputRequestExtensions
{
    /// <summary>The request after <paramref name="change"/>, for one-field variations of a valid request.</summary>
    public static T With<T>(this T request, Action<T> change)
        where T : IMessage
    {
        change(request);
        return request;
    }
}
