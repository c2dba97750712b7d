using Authz.Api.V1;
using Authz.Tests.Security;
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
    private const string AdminUser = "admin";
    private const string TeamAdmin = "team-admin";
    private const string SupportAdmin = "support-admin";
    private const string MissingKey = "nope-key";
    private const string Hold = "bad-hold";

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private static readonly string[] Rpcs =
    [
        "CreateOrganization", "GetOrganization",
        "CreateUnit", "GetUnit", "RenameUnit", "DeleteUnit", "ListUnits",
        "CreateUser", "GetUser", "ListUsers",
        "ListPermissions", "CreatePermission",
        "CreateRole", "GetRole", "ListRoles", "SetRolePermissions", "RenameRole", "DeleteRole", "RestoreRole",
        "AssignRoles", "RemoveRoles", "ListAssignments", "ListUserAccesses",
        "EnableInheritance", "DisableInheritance", "BreakInheritance", "BulkEditAssignments",
        "Check", "CheckBatch", "Explain", "LookupUnits", "LookupUsers",
        "GetSettings", "UpdateSettings", "GetOfficers", "SetOfficers",
        "ResendActivation", "ResetPassword", "SuspendUser", "ResumeUser", "DeleteUser", "EndSessions",
        "RedeemLink", "SignIn", "Impersonate",
        "ListAdministrators", "AddAdministrator", "ChangeAdministratorRole", "SuspendAdministrator", "ResumeAdministrator",
        "RemoveAdministrator", "GetAdminPermissions",
        "CreateApiKey", "ListApiKeys", "RevokeApiKey",
        "ListAuditEvents",
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

    /// <summary>Issue 13, finding 13: a string field holding bytes that are not UTF-8 (a lone surrogate) is refused before anything reads it.</summary>
    [Fact, Trait("Rule", "ORG-1")]
    public async Task Every_string_field_of_every_rpc_holding_invalid_utf8_is_invalid_argument_and_changes_nothing()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        var ids = new Dictionary<string, string>
        {
            ["organization_id"] = organization.Id, ["organization_ids"] = organization.Id, ["user_id"] = TestOrganization.FirstAdministrator,
            ["unit_id"] = "u1", ["role_id"] = "r1", ["permission_id"] = "docs.read", ["key_id"] = "k1",
        };
        byte[] loneSurrogate = [0xED, 0xA0, 0x80];
        var before = await OrganizationSnapshot.TakeAsync(gateway, organization.Id);
        var failures = new List<string>();
        var cases = 0;

        foreach (var method in RpcTable.Methods)
        {
            foreach (var field in method.InputType.Fields.InFieldNumberOrder().Where(field => field.FieldType == Google.Protobuf.Reflection.FieldType.String))
            {
                cases++;
                var body = RpcTable.WithRawString(RpcTable.Request(method, ids), field.FieldNumber, loneSurrogate);
                var status = await RpcTable.CallRawAsync(gateway.Operator.Invoker, method, body);
                if (status != StatusCode.InvalidArgument)
                {
                    failures.Add($"{method.FullName}.{field.Name}: {status}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases failed:\n{string.Join('\n', failures)}");
        Assert.True(cases > 150, $"only {cases} cases ran");
        Assert.Equal(before, await OrganizationSnapshot.TakeAsync(gateway, organization.Id));
    }

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
            // CreateApiKey names its organizations in a list.
            Assert.True(mine.Any(@case => @case.Field is "organization_id" or "organization_ids[0]"), $"{rpc} has no malformed organization_id case");
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

        // A: a second team administrator, suspended, so "admin" is the last *active* one; a legal hold on {a}-user.
        var (a, b) = (world.A, world.B);
        await gateway.Operator.Administrators.AddAdministratorAsync(new AddAdministratorRequest { OrganizationId = a.Id, UserId = a.Other, RoleId = TeamAdmin });
        await gateway.Operator.Administrators.SuspendAdministratorAsync(new SuspendAdministratorRequest { OrganizationId = a.Id, UserId = a.Other });
        await gateway.Operator.LegalHolds.PlaceLegalHoldAsync(new PlaceLegalHoldRequest { OrganizationId = a.Id, HoldId = Hold, Name = "Case 7", UserIds = { a.User } });

        // B: {b}-other is the only legal representative (not an administrator); B holds an API key.
        await gateway.Operator.Organizations.SetOfficersAsync(new SetOfficersRequest
        {
            OrganizationId = b.Id, LegalRepresentativeUserIds = { b.Other }, SuperAdministratorUserIds = { AdminUser },
        });
        var key = await gateway.Operator.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { OrganizationIds = { b.Id }, DisplayName = "Platform b" });
        return world with { KeyOfB = key.Key.KeyId };
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
            ProbeAsync($"{org} GetSettings", () => gateway.Organizations.GetSettingsAsync(new GetSettingsRequest { OrganizationId = org })),
            ProbeAsync($"{org} GetOfficers", () => gateway.Organizations.GetOfficersAsync(new GetOfficersRequest { OrganizationId = org })),
            ProbeAsync($"{org} ListAdministrators", () => gateway.Operator.Administrators.ListAdministratorsAsync(new ListAdministratorsRequest { OrganizationId = org })),
            ProbeAsync($"{org} ListApiKeys", () => gateway.Operator.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest { OrganizationId = org })),
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
        probes.AddRange(tenant.AllUsers.Select(user => ProbeAsync($"{org} GetAdminPermissions({user})",
            () => gateway.Operator.Administrators.GetAdminPermissionsAsync(new GetAdminPermissionsRequest { OrganizationId = org, UserId = user }))));
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
        InheritanceAndBulkCases(table, world);
        CheckCases(table, world);
        SettingsCases(table, world);
        OfficerCases(table, world);
        AccountCases(table, world);
        SessionCases(table, world);
        AdministratorCases(table, world);
        ApiKeyCases(table, world);
        AuditCases(table, world);
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

    private void InheritanceAndBulkCases(Table table, World world)
    {
        var assignments = gateway.Assignments;
        var (a, b, flat, missing) = (world.A, world.B, world.Flat, world.MissingOrganization);

        EnableInheritanceRequest Enable(string org, string userId, string unitId) =>
            new() { OrganizationId = org, UserId = userId, UnitId = unitId, Mode = InheritanceMode.Keep };
        table.MalformedIds("EnableInheritance", () => Enable(a.Id, a.User, a.Child), r => assignments.EnableInheritanceAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v)
            .Id("unit_id", (r, v) => r.UnitId = v);
        table.Invalid("EnableInheritance: no mode", "mode", () => assignments.EnableInheritanceAsync(Enable(a.Id, a.User, a.Child).With(r => r.Mode = InheritanceMode.Unspecified)));
        table.Invalid("EnableInheritance: unknown mode", "mode", () => assignments.EnableInheritanceAsync(Enable(a.Id, a.User, a.Child).With(r => r.Mode = (InheritanceMode)7)));
        table.Refused("EnableInheritance: unknown organization", StatusCode.NotFound, () => assignments.EnableInheritanceAsync(Enable(missing, a.User, Hq)));
        table.Refused("EnableInheritance: unknown unit", StatusCode.NotFound, () => assignments.EnableInheritanceAsync(Enable(a.Id, a.User, MissingUnit)));
        table.Refused("EnableInheritance: user without roles in the unit", StatusCode.FailedPrecondition, () => assignments.EnableInheritanceAsync(Enable(a.Id, a.Other, a.Root)));
        table.Refused("EnableInheritance: unknown user", StatusCode.FailedPrecondition, () => assignments.EnableInheritanceAsync(Enable(a.Id, MissingUser, a.Child)));
        table.Refused("EnableInheritance: unit of organization A in organization B", StatusCode.NotFound, () => assignments.EnableInheritanceAsync(Enable(b.Id, a.User, a.Child)));
        table.Refused("EnableInheritance: flat organization", StatusCode.FailedPrecondition, () => assignments.EnableInheritanceAsync(Enable(flat.Id, flat.User, flat.Root)));

        DisableInheritanceRequest Disable(string org, string userId, string unitId) => new() { OrganizationId = org, UserId = userId, UnitId = unitId };
        table.MalformedIds("DisableInheritance", () => Disable(a.Id, a.User, a.Child), r => assignments.DisableInheritanceAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v)
            .Id("unit_id", (r, v) => r.UnitId = v);
        table.Refused("DisableInheritance: unknown organization", StatusCode.NotFound, () => assignments.DisableInheritanceAsync(Disable(missing, a.User, Hq)));
        table.Refused("DisableInheritance: unknown unit", StatusCode.NotFound, () => assignments.DisableInheritanceAsync(Disable(a.Id, a.User, MissingUnit)));
        table.Refused("DisableInheritance: unit of organization A in organization B", StatusCode.NotFound, () => assignments.DisableInheritanceAsync(Disable(b.Id, a.User, a.Child)));

        BreakInheritanceRequest Break(string org, string userId, string unitId) => new() { OrganizationId = org, UserId = userId, UnitId = unitId };
        table.MalformedIds("BreakInheritance", () => Break(a.Id, a.User, a.Child), r => assignments.BreakInheritanceAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v)
            .Id("unit_id", (r, v) => r.UnitId = v);
        table.Refused("BreakInheritance: unknown organization", StatusCode.NotFound, () => assignments.BreakInheritanceAsync(Break(missing, a.User, Hq)));
        table.Refused("BreakInheritance: unknown unit", StatusCode.NotFound, () => assignments.BreakInheritanceAsync(Break(a.Id, a.User, MissingUnit)));
        table.Refused("BreakInheritance: user without roles in the unit", StatusCode.NotFound, () => assignments.BreakInheritanceAsync(Break(a.Id, a.Other, a.Root)));

        BulkEditAssignmentsRequest Bulk(string org) =>
            new() { OrganizationId = org, UserIds = { a.User, a.Other }, UnitIds = { a.Root, Hq }, AddRoleIds = { a.Spare } };
        table.MalformedIds("BulkEditAssignments", () => Bulk(a.Id), r => assignments.BulkEditAssignmentsAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_ids[1]", (r, v) => r.UserIds[1] = v)
            .Id("unit_ids[0]", (r, v) => r.UnitIds[0] = v)
            .Id("add_role_ids[0]", (r, v) => r.AddRoleIds[0] = v);
        table.Invalid("BulkEditAssignments: no users", "user_ids", () => assignments.BulkEditAssignmentsAsync(Bulk(a.Id).With(r => r.UserIds.Clear())));
        table.Invalid("BulkEditAssignments: no units", "unit_ids", () => assignments.BulkEditAssignmentsAsync(Bulk(a.Id).With(r => r.UnitIds.Clear())));
        table.Invalid("BulkEditAssignments: no roles", "add_role_ids", () => assignments.BulkEditAssignmentsAsync(Bulk(a.Id).With(r => r.AddRoleIds.Clear())));
        table.Invalid("BulkEditAssignments: a role added and removed", "remove_role_ids", () => assignments.BulkEditAssignmentsAsync(Bulk(a.Id).With(r => r.RemoveRoleIds.Add(a.Spare))));
        table.Invalid("BulkEditAssignments: a window for removals only", "valid_until", () => assignments.BulkEditAssignmentsAsync(Bulk(a.Id).With(r =>
        {
            r.AddRoleIds.Clear();
            r.RemoveRoleIds.Add(a.Role);
            r.ValidUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1));
        })));
        table.Invalid("BulkEditAssignments: page_size 1001", "page_size", () => assignments.BulkEditAssignmentsAsync(Bulk(a.Id).With(r => r.PageSize = 1001)));
        table.Invalid("BulkEditAssignments: a window that has closed", "valid_until", () => assignments.BulkEditAssignmentsAsync(Bulk(a.Id).With(r =>
            r.ValidUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)))));
        table.Refused("BulkEditAssignments: unknown organization", StatusCode.NotFound, () => assignments.BulkEditAssignmentsAsync(Bulk(missing).With(r => r.UnitIds.Remove(a.Root))));
        table.Refused("BulkEditAssignments: unknown unit", StatusCode.NotFound, () => assignments.BulkEditAssignmentsAsync(Bulk(a.Id).With(r => r.UnitIds.Add(MissingUnit))));
        table.Refused("BulkEditAssignments: unknown user", StatusCode.NotFound, () => assignments.BulkEditAssignmentsAsync(Bulk(a.Id).With(r => r.UserIds.Add(MissingUser))));
        table.Refused("BulkEditAssignments: unknown role", StatusCode.NotFound, () => assignments.BulkEditAssignmentsAsync(Bulk(a.Id).With(r => r.AddRoleIds.Add(MissingRole))));
        table.Refused("BulkEditAssignments: unit of organization A in organization B", StatusCode.NotFound, () => assignments.BulkEditAssignmentsAsync(Bulk(b.Id).With(r => r.UnitIds.Remove(Hq))));

        foreach (var token in GarbageTokens)
        {
            table.Invalid($"ListAssignments: revision_token '{token}'", "revision_token", () => assignments.ListAssignmentsAsync(new ListAssignmentsRequest { OrganizationId = a.Id, RevisionToken = token }));
            table.Invalid($"Check: revision_token '{token}'", "revision_token", () => gateway.Checks.CheckAsync(new CheckRequest
            {
                OrganizationId = a.Id, UserId = a.User, UnitId = a.Child, PermissionId = SharedPermission, RevisionToken = token,
            }));
        }
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

    private void SettingsCases(Table table, World world)
    {
        var organizations = gateway.Organizations;
        var (a, missing) = (world.A, world.MissingOrganization);

        table.MalformedIds("GetSettings", () => new GetSettingsRequest { OrganizationId = a.Id }, r => organizations.GetSettingsAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v);
        table.Refused("GetSettings: unknown organization", StatusCode.NotFound, () => organizations.GetSettingsAsync(new GetSettingsRequest { OrganizationId = missing }));

        UpdateSettingsRequest Update(string org, Action<OrganizationSettings> set, params string[] paths)
        {
            var settings = new OrganizationSettings();
            set(settings);
            return new UpdateSettingsRequest { OrganizationId = org, Settings = settings, UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { paths } } };
        }

        UpdateSettingsRequest Paper(string org) => Update(org, s => s.PaperEnabled = false, "paper_enabled");

        table.MalformedIds("UpdateSettings", () => Paper(a.Id), r => organizations.UpdateSettingsAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v);
        table.Refused("UpdateSettings: unknown organization", StatusCode.NotFound, () => organizations.UpdateSettingsAsync(Paper(missing)));
        table.Invalid("UpdateSettings: no update_mask", "update_mask", () => organizations.UpdateSettingsAsync(Paper(a.Id).With(r => r.UpdateMask = null)));
        table.Invalid("UpdateSettings: empty update_mask", "update_mask", () => organizations.UpdateSettingsAsync(Update(a.Id, s => s.PaperEnabled = false)));
        foreach (var path in new[] { "nope", "", "Paper_Enabled", "settings.paper_enabled", "authentication.sso_enabled", "organization_id", "*" })
        {
            table.Invalid($"UpdateSettings: update_mask path '{path}'", "update_mask", () => organizations.UpdateSettingsAsync(Update(a.Id, s => s.PaperEnabled = false, path)));
        }

        table.Invalid("UpdateSettings: an unknown path beside a valid one", "update_mask",
            () => organizations.UpdateSettingsAsync(Update(a.Id, s => s.PaperEnabled = false, "paper_enabled", "nope")));
        foreach (var network in new[] { "10.0.0.0/33", "10.0.0.1/8", "not-a-network", "", "300.1.2.0/24", "10.0.0.0/8 10.1.0.0/16", "2001:db8::/129" })
        {
            table.Invalid($"UpdateSettings: allowed_networks '{network}'", "settings.allowed_networks",
                () => organizations.UpdateSettingsAsync(Update(a.Id, s => s.AllowedNetworks.Add(["192.168.0.0/16", network]), "allowed_networks")));
        }

        table.Invalid("UpdateSettings: 101 allowed_networks", "settings.allowed_networks", () => organizations.UpdateSettingsAsync(
            Update(a.Id, s => s.AllowedNetworks.Add(Enumerable.Range(0, 101).Select(i => $"10.{i}.0.0/16")), "allowed_networks")));
        foreach (var days in new[] { -1, 3651, 5000 })
        {
            table.Invalid($"UpdateSettings: data_retention_days {days}", "settings.data_retention_days",
                () => organizations.UpdateSettingsAsync(Update(a.Id, s => s.DataRetentionDays = days, "data_retention_days")));
        }

        table.Invalid("UpdateSettings: a bad retention beside a valid change", "settings.data_retention_days", () => organizations.UpdateSettingsAsync(
            Update(a.Id, s => { s.PaperEnabled = false; s.DataRetentionDays = 5000; }, "paper_enabled", "data_retention_days")));
        table.Invalid("UpdateSettings: file_editing_apps 'bad/app'", "settings.file_editing_apps",
            () => organizations.UpdateSettingsAsync(Update(a.Id, s => s.FileEditingApps.Add(["office", "bad/app"]), "file_editing_apps")));
        foreach (var length in new[] { 0, 7, 129 })
        {
            table.Invalid($"UpdateSettings: minimum_password_length {length}", "settings.authentication.minimum_password_length", () => organizations.UpdateSettingsAsync(
                Update(a.Id, s => s.Authentication = new AuthenticationSettings { MinimumPasswordLength = length }, "authentication")));
        }

        table.Invalid("UpdateSettings: authentication without its settings", "settings.authentication.minimum_password_length",
            () => organizations.UpdateSettingsAsync(Update(a.Id, _ => { }, "authentication")));
        foreach (var domain in new[] { "not a domain", "localhost", "example..org", "@example.org" })
        {
            table.Invalid($"UpdateSettings: trusted_email_domains '{domain}'", "settings.authentication.trusted_email_domains", () => organizations.UpdateSettingsAsync(
                Update(a.Id, s => s.Authentication = new AuthenticationSettings { MinimumPasswordLength = 12, TrustedEmailDomains = { "example.org", domain } }, "authentication")));
        }

        table.Refused("UpdateSettings: team_folder_delegation below the Enterprise plan", StatusCode.FailedPrecondition, () => organizations.UpdateSettingsAsync(
            Update(a.Id, s => s.TeamFolderDelegation = new TeamFolderDelegation { SupportAdmins = true }, "team_folder_delegation")));
    }

    private void OfficerCases(Table table, World world)
    {
        var organizations = gateway.Organizations;
        var (a, b, missing) = (world.A, world.B, world.MissingOrganization);

        table.MalformedIds("GetOfficers", () => new GetOfficersRequest { OrganizationId = a.Id }, r => organizations.GetOfficersAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v);
        table.Refused("GetOfficers: unknown organization", StatusCode.NotFound, () => organizations.GetOfficersAsync(new GetOfficersRequest { OrganizationId = missing }));

        SetOfficersRequest Set(string org, string[] legal, string[] super) =>
            new() { OrganizationId = org, LegalRepresentativeUserIds = { legal }, SuperAdministratorUserIds = { super } };
        table.MalformedIds("SetOfficers", () => Set(a.Id, [a.User, a.Other], [a.User, a.Other]), r => organizations.SetOfficersAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("legal_representative_user_ids[0]", (r, v) => r.LegalRepresentativeUserIds[0] = v)
            .Id("legal_representative_user_ids[1]", (r, v) => r.LegalRepresentativeUserIds[1] = v)
            .Id("super_administrator_user_ids[0]", (r, v) => r.SuperAdministratorUserIds[0] = v)
            .Id("super_administrator_user_ids[1]", (r, v) => r.SuperAdministratorUserIds[1] = v);
        table.Invalid("SetOfficers: no legal representative", "legal_representative_user_ids", () => organizations.SetOfficersAsync(Set(a.Id, [], [a.User])));
        table.Invalid("SetOfficers: no super administrator", "super_administrator_user_ids", () => organizations.SetOfficersAsync(Set(a.Id, [a.User], [])));
        table.Invalid("SetOfficers: both lists empty", "legal_representative_user_ids", () => organizations.SetOfficersAsync(Set(a.Id, [], [])));
        var many = Enumerable.Range(0, 21).Select(i => $"user-{i}").ToArray();
        table.Invalid("SetOfficers: 21 legal representatives", "legal_representative_user_ids", () => organizations.SetOfficersAsync(Set(a.Id, many, [a.User])));
        table.Invalid("SetOfficers: 21 super administrators", "super_administrator_user_ids", () => organizations.SetOfficersAsync(Set(a.Id, [a.User], many)));
        table.Refused("SetOfficers: unknown organization", StatusCode.NotFound, () => organizations.SetOfficersAsync(Set(missing, [AdminUser], [AdminUser])));
        table.Refused("SetOfficers: unknown legal representative", StatusCode.NotFound, () => organizations.SetOfficersAsync(Set(a.Id, [MissingUser], [a.User])));
        table.Refused("SetOfficers: unknown super administrator", StatusCode.NotFound, () => organizations.SetOfficersAsync(Set(a.Id, [a.User], [a.User, MissingUser])));
        table.Refused("SetOfficers: user of organization B in organization A", StatusCode.NotFound, () => organizations.SetOfficersAsync(Set(a.Id, [b.Other], [AdminUser])));
        table.Refused("SetOfficers: user of organization A in organization B", StatusCode.NotFound, () => organizations.SetOfficersAsync(Set(b.Id, [b.Other], [a.User])));
        table.Answered("SetOfficers: duplicates count once (the officers stay as they are)",
            () => organizations.SetOfficersAsync(Set(b.Id, [b.Other, b.Other], [AdminUser, AdminUser])),
            response => Expect($"{string.Join(",", response.LegalRepresentativeUserIds)} / {string.Join(",", response.SuperAdministratorUserIds)}", $"{b.Other} / {AdminUser}"));
    }

    private void AccountCases(Table table, World world)
    {
        var users = gateway.Users;
        var (a, b, flat, missing) = (world.A, world.B, world.Flat, world.MissingOrganization);

        // Every request of these RPCs is { organization_id, user_id }: the same cases for each.
        void SameShape<TRequest, TResponse>(string rpc, Func<string, string, TRequest> make, Func<TRequest, AsyncUnaryCall<TResponse>> send, string valid)
            where TResponse : IMessage
        {
            table.MalformedIds(rpc, () => make(a.Id, valid), send)
                .Id("organization_id", (r, v) => Set(r, "organization_id", v))
                .Id("user_id", (r, v) => Set(r, "user_id", v));
            table.Refused($"{rpc}: unknown organization", StatusCode.NotFound, () => send(make(missing, AdminUser)));
            table.Refused($"{rpc}: unknown user", StatusCode.NotFound, () => send(make(a.Id, MissingUser)));
            table.Refused($"{rpc}: user of organization B in organization A", StatusCode.NotFound, () => send(make(a.Id, b.Other)));
            table.Refused($"{rpc}: user of organization A in organization B", StatusCode.NotFound, () => send(make(b.Id, a.User)));
        }

        SameShape("ResendActivation", (org, user) => new ResendActivationRequest { OrganizationId = org, UserId = user }, r => users.ResendActivationAsync(r), a.User);

        SameShape("ResetPassword", (org, user) => new ResetPasswordRequest { OrganizationId = org, UserId = user }, r => users.ResetPasswordAsync(r), a.User);
        table.Refused("ResetPassword: user not activated", StatusCode.FailedPrecondition, () => users.ResetPasswordAsync(new ResetPasswordRequest { OrganizationId = a.Id, UserId = a.User }));
        table.Refused("ResetPassword: administrator not activated", StatusCode.FailedPrecondition, () => users.ResetPasswordAsync(new ResetPasswordRequest { OrganizationId = b.Id, UserId = AdminUser }));

        SuspendUserRequest Suspend(string org, string user) => new() { OrganizationId = org, UserId = user };
        SameShape("SuspendUser", Suspend, r => users.SuspendUserAsync(r), a.User);
        table.Refused("SuspendUser: the last team administrator", StatusCode.FailedPrecondition, () => users.SuspendUserAsync(Suspend(b.Id, AdminUser)));
        table.Refused("SuspendUser: the last active team administrator (another one is suspended)", StatusCode.FailedPrecondition, () => users.SuspendUserAsync(Suspend(a.Id, AdminUser)));
        table.Refused("SuspendUser: the last team administrator of a flat organization", StatusCode.FailedPrecondition, () => users.SuspendUserAsync(Suspend(flat.Id, AdminUser)));

        ResumeUserRequest Resume(string org, string user) => new() { OrganizationId = org, UserId = user };
        SameShape("ResumeUser", Resume, r => users.ResumeUserAsync(r), a.User);
        table.Answered("ResumeUser: a user who is not suspended stays as is", () => users.ResumeUserAsync(Resume(a.Id, a.User)),
            response => Expect(response.State, UserState.NotActivated));

        DeleteUserRequest Delete(string org, string user) => new() { OrganizationId = org, UserId = user };
        SameShape("DeleteUser", Delete, r => users.DeleteUserAsync(r), a.User);
        table.Refused("DeleteUser: the last team administrator", StatusCode.FailedPrecondition, () => users.DeleteUserAsync(Delete(b.Id, AdminUser)));
        table.Refused("DeleteUser: the last team administrator, with remote wipe", StatusCode.FailedPrecondition,
            () => users.DeleteUserAsync(Delete(b.Id, AdminUser).With(r => r.RemoteWipe = true)));
        table.Refused("DeleteUser: the last active team administrator (another one is suspended)", StatusCode.FailedPrecondition, () => users.DeleteUserAsync(Delete(a.Id, AdminUser)));
        table.Refused("DeleteUser: the last team administrator of a flat organization", StatusCode.FailedPrecondition, () => users.DeleteUserAsync(Delete(flat.Id, AdminUser)));
        table.Refused("DeleteUser: the only legal representative", StatusCode.FailedPrecondition, () => users.DeleteUserAsync(Delete(b.Id, b.Other)));
        table.Refused("DeleteUser: a user under legal hold", StatusCode.FailedPrecondition, () => users.DeleteUserAsync(Delete(a.Id, a.User)));

        SameShape("EndSessions", (org, user) => new EndSessionsRequest { OrganizationId = org, UserId = user }, r => users.EndSessionsAsync(r), a.User);
    }

    private void SessionCases(Table table, World world)
    {
        var sessions = gateway.Operator.Sessions;
        var (a, b, missing) = (world.A, world.B, world.MissingOrganization);
        const string Password = "Correct-Horse-42";

        RedeemLinkRequest Redeem(string org, string user, string token = "forged-token") => new() { OrganizationId = org, UserId = user, Token = token, Password = Password };
        table.MalformedIds("RedeemLink", () => Redeem(a.Id, a.User), r => sessions.RedeemLinkAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v);
        table.Invalid("RedeemLink: no token", "token", () => sessions.RedeemLinkAsync(Redeem(a.Id, a.User, "")));
        table.Refused("RedeemLink: unknown organization", StatusCode.PermissionDenied, () => sessions.RedeemLinkAsync(Redeem(missing, AdminUser)));
        table.Refused("RedeemLink: unknown user", StatusCode.PermissionDenied, () => sessions.RedeemLinkAsync(Redeem(a.Id, MissingUser)));
        table.Refused("RedeemLink: user of organization B in organization A", StatusCode.PermissionDenied, () => sessions.RedeemLinkAsync(Redeem(a.Id, b.Other)));
        table.Refused("RedeemLink: wrong token", StatusCode.PermissionDenied, () => sessions.RedeemLinkAsync(Redeem(a.Id, a.User)));
        table.Refused("RedeemLink: wrong token of the right shape", StatusCode.PermissionDenied,
            () => sessions.RedeemLinkAsync(Redeem(b.Id, AdminUser, Convert.ToBase64String(new byte[32]).TrimEnd('=').Replace('+', '-').Replace('/', '_'))));
        table.Refused("RedeemLink: wrong token with a password the policy refuses", StatusCode.PermissionDenied,
            () => sessions.RedeemLinkAsync(Redeem(a.Id, a.Other).With(r => r.Password = "x")));
        table.Refused("RedeemLink: wrong token without a password", StatusCode.PermissionDenied,
            () => sessions.RedeemLinkAsync(Redeem(b.Id, b.User).With(r => r.Password = "")));

        SignInRequest SignIn(string org, string email, string password = Password) => new() { OrganizationId = org, Email = email, Password = password };
        table.MalformedIds("SignIn", () => SignIn(a.Id, Tenant.Email(a.User)), r => sessions.SignInAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v);
        foreach (var (label, email) in new[] { ("missing", ""), ("blank", "  "), ("without '@'", "a-user.example.org"), ("with a display name", "A <a-user@example.org>") })
        {
            table.Invalid($"SignIn: email {label}", "email", () => sessions.SignInAsync(SignIn(a.Id, email)));
        }

        table.Refused("SignIn: unknown organization", StatusCode.Unauthenticated, () => sessions.SignInAsync(SignIn(missing, Admin.Email)));
        table.Refused("SignIn: unknown e-mail", StatusCode.Unauthenticated, () => sessions.SignInAsync(SignIn(a.Id, "nobody@example.org")));
        table.Refused("SignIn: wrong password", StatusCode.Unauthenticated, () => sessions.SignInAsync(SignIn(a.Id, Admin.Email)));
        table.Refused("SignIn: no password", StatusCode.Unauthenticated, () => sessions.SignInAsync(SignIn(a.Id, Tenant.Email(a.User), "")));
        table.Refused("SignIn: e-mail of organization B's user in organization A", StatusCode.Unauthenticated, () => sessions.SignInAsync(SignIn(a.Id, Tenant.Email(b.Other))));

        ImpersonateRequest Impersonate(string org, string user) => new() { OrganizationId = org, UserId = user };
        table.MalformedIds("Impersonate", () => Impersonate(a.Id, a.User), r => sessions.ImpersonateAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v);
        table.Refused("Impersonate: unknown organization", StatusCode.NotFound, () => sessions.ImpersonateAsync(Impersonate(missing, a.User)));
        table.Refused("Impersonate: unknown user", StatusCode.NotFound, () => sessions.ImpersonateAsync(Impersonate(a.Id, MissingUser)));
        table.Refused("Impersonate: user of organization B in organization A", StatusCode.NotFound, () => sessions.ImpersonateAsync(Impersonate(a.Id, b.User)));
        table.Refused("Impersonate: the team administrator", StatusCode.FailedPrecondition, () => sessions.ImpersonateAsync(Impersonate(b.Id, AdminUser)));
        table.Refused("Impersonate: a suspended administrator", StatusCode.FailedPrecondition, () => sessions.ImpersonateAsync(Impersonate(a.Id, a.Other)));
        table.Refused("Impersonate: a legal representative", StatusCode.FailedPrecondition, () => sessions.ImpersonateAsync(Impersonate(b.Id, b.Other)));
        table.Refused("Impersonate: a user not activated", StatusCode.FailedPrecondition, () => sessions.ImpersonateAsync(Impersonate(b.Id, b.User)));
    }

    private void AdministratorCases(Table table, World world)
    {
        var administrators = gateway.Operator.Administrators;
        var (a, b, flat, missing) = (world.A, world.B, world.Flat, world.MissingOrganization);

        table.MalformedIds("ListAdministrators", () => new ListAdministratorsRequest { OrganizationId = a.Id }, r => administrators.ListAdministratorsAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v);
        table.Refused("ListAdministrators: unknown organization", StatusCode.NotFound,
            () => administrators.ListAdministratorsAsync(new ListAdministratorsRequest { OrganizationId = missing }));
        table.Answered("ListAdministrators: organization B lists only its own", () => administrators.ListAdministratorsAsync(new ListAdministratorsRequest { OrganizationId = b.Id }),
            response => Expect(string.Join(" ", response.Administrators.Select(x => $"{x.UserId}:{x.RoleId}:{x.Suspended}")), $"{AdminUser}:{TeamAdmin}:False"));

        AddAdministratorRequest Add(string org, string user, string role) => new() { OrganizationId = org, UserId = user, RoleId = role };
        table.MalformedIds("AddAdministrator", () => Add(a.Id, a.User, SupportAdmin), r => administrators.AddAdministratorAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v)
            .Id("role_id", (r, v) => r.RoleId = v);
        table.Refused("AddAdministrator: unknown organization", StatusCode.NotFound, () => administrators.AddAdministratorAsync(Add(missing, AdminUser, SupportAdmin)));
        table.Refused("AddAdministrator: unknown user", StatusCode.NotFound, () => administrators.AddAdministratorAsync(Add(a.Id, MissingUser, SupportAdmin)));
        table.Refused("AddAdministrator: user of organization B in organization A", StatusCode.NotFound, () => administrators.AddAdministratorAsync(Add(a.Id, b.User, SupportAdmin)));
        table.Refused("AddAdministrator: user of organization A in organization B", StatusCode.NotFound, () => administrators.AddAdministratorAsync(Add(b.Id, a.User, TeamAdmin)));
        table.Invalid("AddAdministrator: a custom role", "role_id", () => administrators.AddAdministratorAsync(Add(a.Id, a.User, a.Role)));
        table.Invalid("AddAdministrator: an unknown role", "role_id", () => administrators.AddAdministratorAsync(Add(a.Id, a.User, MissingRole)));
        table.Invalid("AddAdministrator: an admin role id in the wrong case", "role_id", () => administrators.AddAdministratorAsync(Add(a.Id, a.User, "Team-Admin")));
        table.Invalid("AddAdministrator: a role of organization B", "role_id", () => administrators.AddAdministratorAsync(Add(a.Id, a.User, b.Role)));
        table.Refused("AddAdministrator: compliance-admin without the data-governance add-on", StatusCode.FailedPrecondition,
            () => administrators.AddAdministratorAsync(Add(a.Id, a.User, "compliance-admin")));
        table.Refused("AddAdministrator: already the team administrator", StatusCode.AlreadyExists, () => administrators.AddAdministratorAsync(Add(a.Id, AdminUser, TeamAdmin)));
        table.Refused("AddAdministrator: already an administrator, another role", StatusCode.AlreadyExists, () => administrators.AddAdministratorAsync(Add(b.Id, AdminUser, SupportAdmin)));
        table.Refused("AddAdministrator: a suspended administrator", StatusCode.AlreadyExists, () => administrators.AddAdministratorAsync(Add(a.Id, a.Other, TeamAdmin)));

        ChangeAdministratorRoleRequest Change(string org, string user, string role) => new() { OrganizationId = org, UserId = user, RoleId = role };
        table.MalformedIds("ChangeAdministratorRole", () => Change(a.Id, a.Other, SupportAdmin), r => administrators.ChangeAdministratorRoleAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v)
            .Id("role_id", (r, v) => r.RoleId = v);
        table.Refused("ChangeAdministratorRole: unknown organization", StatusCode.NotFound, () => administrators.ChangeAdministratorRoleAsync(Change(missing, AdminUser, SupportAdmin)));
        table.Refused("ChangeAdministratorRole: unknown user", StatusCode.NotFound, () => administrators.ChangeAdministratorRoleAsync(Change(a.Id, MissingUser, SupportAdmin)));
        table.Refused("ChangeAdministratorRole: a user who is no administrator", StatusCode.NotFound, () => administrators.ChangeAdministratorRoleAsync(Change(a.Id, a.User, SupportAdmin)));
        table.Refused("ChangeAdministratorRole: user of organization B in organization A", StatusCode.NotFound, () => administrators.ChangeAdministratorRoleAsync(Change(a.Id, b.User, SupportAdmin)));
        table.Invalid("ChangeAdministratorRole: a custom role", "role_id", () => administrators.ChangeAdministratorRoleAsync(Change(b.Id, AdminUser, b.Role)));
        table.Invalid("ChangeAdministratorRole: an unknown role", "role_id", () => administrators.ChangeAdministratorRoleAsync(Change(a.Id, a.Other, MissingRole)));
        table.Refused("ChangeAdministratorRole: compliance-admin without the data-governance add-on", StatusCode.FailedPrecondition,
            () => administrators.ChangeAdministratorRoleAsync(Change(a.Id, a.Other, "compliance-admin")));
        table.Refused("ChangeAdministratorRole: demoting the last team administrator", StatusCode.FailedPrecondition,
            () => administrators.ChangeAdministratorRoleAsync(Change(b.Id, AdminUser, SupportAdmin)));
        table.Refused("ChangeAdministratorRole: demoting the last active team administrator (another one is suspended)", StatusCode.FailedPrecondition,
            () => administrators.ChangeAdministratorRoleAsync(Change(a.Id, AdminUser, "security-admin")));
        table.Refused("ChangeAdministratorRole: demoting the last team administrator of a flat organization", StatusCode.FailedPrecondition,
            () => administrators.ChangeAdministratorRoleAsync(Change(flat.Id, AdminUser, "billing-admin")));
        table.Answered("ChangeAdministratorRole: the role already held changes nothing", () => administrators.ChangeAdministratorRoleAsync(Change(b.Id, AdminUser, TeamAdmin)),
            response => Expect(string.Join(" ", response.Administrators.Select(x => $"{x.UserId}:{x.RoleId}:{x.Suspended}")), $"{AdminUser}:{TeamAdmin}:False"));

        // Suspend, resume and remove: { organization_id, user_id } about an administrator.
        void AboutAdministrator<TRequest>(string rpc, Func<string, string, TRequest> make, Func<TRequest, AsyncUnaryCall<AdministratorList>> send, string valid)
        {
            table.MalformedIds(rpc, () => make(a.Id, valid), send)
                .Id("organization_id", (r, v) => Set(r, "organization_id", v))
                .Id("user_id", (r, v) => Set(r, "user_id", v));
            table.Refused($"{rpc}: unknown organization", StatusCode.NotFound, () => send(make(missing, AdminUser)));
            table.Refused($"{rpc}: unknown user", StatusCode.NotFound, () => send(make(a.Id, MissingUser)));
            table.Refused($"{rpc}: a user who is no administrator", StatusCode.NotFound, () => send(make(a.Id, a.User)));
            table.Refused($"{rpc}: user of organization B in organization A", StatusCode.NotFound, () => send(make(a.Id, b.Other)));
            table.Refused($"{rpc}: suspended administrator of organization A in organization B", StatusCode.NotFound, () => send(make(b.Id, a.Other)));
        }

        SuspendAdministratorRequest Suspend(string org, string user) => new() { OrganizationId = org, UserId = user };
        AboutAdministrator("SuspendAdministrator", Suspend, r => administrators.SuspendAdministratorAsync(r), a.Other);
        table.Refused("SuspendAdministrator: the last team administrator", StatusCode.FailedPrecondition, () => administrators.SuspendAdministratorAsync(Suspend(b.Id, AdminUser)));
        table.Refused("SuspendAdministrator: the last active team administrator (another one is suspended)", StatusCode.FailedPrecondition,
            () => administrators.SuspendAdministratorAsync(Suspend(a.Id, AdminUser)));
        table.Refused("SuspendAdministrator: the last team administrator of a flat organization", StatusCode.FailedPrecondition,
            () => administrators.SuspendAdministratorAsync(Suspend(flat.Id, AdminUser)));
        table.Answered("SuspendAdministrator: an administrator already suspended stays so", () => administrators.SuspendAdministratorAsync(Suspend(a.Id, a.Other)),
            response => Expect(string.Join(" ", response.Administrators.Select(x => $"{x.UserId}:{x.RoleId}:{x.Suspended}")), $"{a.Other}:{TeamAdmin}:True {AdminUser}:{TeamAdmin}:False"));

        ResumeAdministratorRequest Resume(string org, string user) => new() { OrganizationId = org, UserId = user };
        AboutAdministrator("ResumeAdministrator", Resume, r => administrators.ResumeAdministratorAsync(r), a.Other);
        table.Answered("ResumeAdministrator: an active administrator stays so", () => administrators.ResumeAdministratorAsync(Resume(b.Id, AdminUser)),
            response => Expect(string.Join(" ", response.Administrators.Select(x => $"{x.UserId}:{x.RoleId}:{x.Suspended}")), $"{AdminUser}:{TeamAdmin}:False"));

        RemoveAdministratorRequest Remove(string org, string user) => new() { OrganizationId = org, UserId = user };
        AboutAdministrator("RemoveAdministrator", Remove, r => administrators.RemoveAdministratorAsync(r), a.Other);
        table.Refused("RemoveAdministrator: the last team administrator", StatusCode.FailedPrecondition, () => administrators.RemoveAdministratorAsync(Remove(b.Id, AdminUser)));
        table.Refused("RemoveAdministrator: the last active team administrator (another one is suspended)", StatusCode.FailedPrecondition,
            () => administrators.RemoveAdministratorAsync(Remove(a.Id, AdminUser)));
        table.Refused("RemoveAdministrator: the last team administrator of a flat organization", StatusCode.FailedPrecondition,
            () => administrators.RemoveAdministratorAsync(Remove(flat.Id, AdminUser)));

        GetAdminPermissionsRequest Permissions(string org, string user) => new() { OrganizationId = org, UserId = user };
        table.MalformedIds("GetAdminPermissions", () => Permissions(a.Id, AdminUser), r => administrators.GetAdminPermissionsAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v);
        table.Refused("GetAdminPermissions: unknown organization", StatusCode.NotFound, () => administrators.GetAdminPermissionsAsync(Permissions(missing, AdminUser)));
        table.Refused("GetAdminPermissions: unknown user", StatusCode.NotFound, () => administrators.GetAdminPermissionsAsync(Permissions(a.Id, MissingUser)));
        table.Refused("GetAdminPermissions: user of organization B in organization A", StatusCode.NotFound, () => administrators.GetAdminPermissionsAsync(Permissions(a.Id, b.Other)));
        table.Refused("GetAdminPermissions: suspended administrator of organization A in organization B", StatusCode.NotFound,
            () => administrators.GetAdminPermissionsAsync(Permissions(b.Id, a.Other)));
        table.Answered("GetAdminPermissions: a suspended administrator holds none", () => administrators.GetAdminPermissionsAsync(Permissions(a.Id, a.Other)),
            response => Expect(response.PermissionIds.Count, 0));
        table.Answered("GetAdminPermissions: the team administrator (control)", () => administrators.GetAdminPermissionsAsync(Permissions(a.Id, AdminUser)),
            response => Expect(response.PermissionIds.Contains("admin.admin_roles.create_assign"), true));
    }

    private void ApiKeyCases(Table table, World world)
    {
        var keys = gateway.Operator.ApiKeys;
        var (a, b, missing) = (world.A, world.B, world.MissingOrganization);

        CreateApiKeyRequest Create(string name, params string[] organizationIds) => new() { OrganizationIds = { organizationIds }, DisplayName = name };
        table.MalformedIds("CreateApiKey", () => Create("Platform", a.Id), r => keys.CreateApiKeyAsync(r))
            .Id("organization_ids[0]", (r, v) => r.OrganizationIds[0] = v);
        table.MalformedIds("CreateApiKey", () => Create("Platform", a.Id, b.Id), r => keys.CreateApiKeyAsync(r))
            .Id("organization_ids[1]", (r, v) => r.OrganizationIds[1] = v);
        table.Invalid("CreateApiKey: no organization", "organization_ids", () => keys.CreateApiKeyAsync(Create("Platform")));
        table.Invalid("CreateApiKey: 10001 organizations", "organization_ids", () => keys.CreateApiKeyAsync(Create("Platform", Enumerable.Repeat(a.Id, 10_001).ToArray())));
        foreach (var (label, name) in BadDisplayNames(200))
        {
            table.Invalid($"CreateApiKey: display_name {label}", "display_name", () => keys.CreateApiKeyAsync(Create(name, a.Id)));
        }

        table.Refused("CreateApiKey: unknown organization", StatusCode.NotFound, () => keys.CreateApiKeyAsync(Create("Platform", missing)));
        table.Refused("CreateApiKey: one unknown organization among known ones", StatusCode.NotFound, () => keys.CreateApiKeyAsync(Create("Platform", a.Id, missing, b.Id)));

        table.MalformedIds("ListApiKeys", () => new ListApiKeysRequest { OrganizationId = a.Id }, r => keys.ListApiKeysAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v);
        table.Refused("ListApiKeys: unknown organization", StatusCode.NotFound, () => keys.ListApiKeysAsync(new ListApiKeysRequest { OrganizationId = missing }));
        table.Answered("ListApiKeys: organization A never sees B's key", () => keys.ListApiKeysAsync(new ListApiKeysRequest { OrganizationId = a.Id }),
            response => Expect(response.Keys.Count, 0));
        table.Answered("ListApiKeys: organization B sees its key (control)", () => keys.ListApiKeysAsync(new ListApiKeysRequest { OrganizationId = b.Id }),
            response => Expect(string.Join(" ", response.Keys.Select(key => $"{key.KeyId}:{string.Join(",", key.OrganizationIds)}:{key.RevokeTime is null}")), $"{world.KeyOfB}:{b.Id}:True"));

        RevokeApiKeyRequest Revoke(string org, string keyId) => new() { OrganizationId = org, KeyId = keyId };
        table.MalformedIds("RevokeApiKey", () => Revoke(b.Id, world.KeyOfB), r => keys.RevokeApiKeyAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("key_id", (r, v) => r.KeyId = v);
        table.Refused("RevokeApiKey: unknown organization", StatusCode.NotFound, () => keys.RevokeApiKeyAsync(Revoke(missing, world.KeyOfB)));
        table.Refused("RevokeApiKey: unknown key", StatusCode.NotFound, () => keys.RevokeApiKeyAsync(Revoke(b.Id, MissingKey)));
        table.Refused("RevokeApiKey: key of organization B in organization A", StatusCode.NotFound, () => keys.RevokeApiKeyAsync(Revoke(a.Id, world.KeyOfB)));
    }

    private void AuditCases(Table table, World world)
    {
        var audit = gateway.Operator.Audit;
        var (a, b, missing) = (world.A, world.B, world.MissingOrganization);

        ListAuditEventsRequest List(string org, string user = "") => new() { OrganizationId = org, UserId = user };
        table.MalformedIds("ListAuditEvents", () => List(a.Id, a.User), r => audit.ListAuditEventsAsync(r))
            .Id("organization_id", (r, v) => r.OrganizationId = v)
            .Id("user_id", (r, v) => r.UserId = v, optional: true);
        foreach (var size in new[] { -1, 1001 })
        {
            table.Invalid($"ListAuditEvents: page_size {size}", "page_size", () => audit.ListAuditEventsAsync(List(a.Id).With(r => r.PageSize = size)));
        }

        var forged = GarbageTokens.Select(token => ($"'{token}'", token))
            .Concat(
            [
                ("a position past the end", Token("999999999")),
                ("a negative position", Token("-1")),
                ("a position that is no number", Token("abc")),
                ("two positions", Token("1", "2")),
                ("no position", Token()),
            ]);
        foreach (var (label, token) in forged)
        {
            table.Invalid($"ListAuditEvents: page_token {label}", "page_token", () => audit.ListAuditEventsAsync(List(a.Id).With(r => r.PageToken = token)));
        }

        table.Invalid("ListAuditEvents: page_token past the end, with a user filter", "page_token",
            () => audit.ListAuditEventsAsync(List(a.Id, AdminUser).With(r => r.PageToken = Token("999999999"))));
        table.Refused("ListAuditEvents: unknown organization", StatusCode.NotFound, () => audit.ListAuditEventsAsync(List(missing)));
        table.Refused("ListAuditEvents: unknown organization, with a user filter", StatusCode.NotFound, () => audit.ListAuditEventsAsync(List(missing, AdminUser)));
        table.Refused("ListAuditEvents: unknown user", StatusCode.NotFound, () => audit.ListAuditEventsAsync(List(a.Id, MissingUser)));
        table.Refused("ListAuditEvents: user of organization B in organization A", StatusCode.NotFound, () => audit.ListAuditEventsAsync(List(a.Id, b.Other)));
    }

    /// <summary>A page token of the listings' own format (base64url of a marker and the position), for positions no listing gave.</summary>
    private static string Token(params string[] position) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(string.Join('\u001f', ["authz.page.v1", .. position])))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Sets a string field of a request by its proto name (for helpers shared by request types of the same shape).</summary>
    private static void Set<TRequest>(TRequest request, string field, string value)
    {
        var message = (IMessage)request!;
        message.Descriptor.FindFieldByName(field).Accessor.SetValue(message, value);
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

    /// <param name="KeyOfB">An API key serving organization B only.</param>
    private sealed record World(Tenant A, Tenant B, Tenant Flat, string MissingOrganization, string KeyOfB = "");

    /// <summary>
    /// A fresh organization. Hierarchical ones hold units {p}-root &gt; {p}-child and hq, users {p}-user and {p}-other,
    /// permissions app.docs.read and {p}.only.read, roles {p}-role (both permissions) and {p}-spare, and
    /// {p}-user holds {p}-role in {p}-child and hq. The flat one holds unit flat-root and users only.
    /// Each was founded by user "admin", its only active team administrator, legal representative and super
    /// administrator, except: in A, a-other is a suspended team administrator and a-user is under legal hold;
    /// in B, b-other is the only legal representative.
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

        public string[] AllUsers => [AdminUser, User, Other];

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
