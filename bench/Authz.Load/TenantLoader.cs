using System.Diagnostics;
using Authz.Api.V1;
using Authz.Load.Measurement;
using Authz.Load.Workload;
using Grpc.Core;

namespace Authz.Load;

/// <summary>
/// Writes the workload into the service through the public API as an operator would provision tenants: per tenant the
/// organization, its permission catalog and roles, the unit tree level by level, its users, then each binding as an
/// assignment (with inheritance switched on where the binding inherits); tenants in parallel, each tenant's
/// independent calls at once. Also creates the partner platform's API keys the check phases use.
/// </summary>
public sealed class TenantLoader(CallInvoker invoker, Metadata operatorHeaders)
{
    /// <summary>How many organizations an API key may serve (CreateApiKeyRequest.organization_ids).</summary>
    public const int OrganizationsPerKey = 10_000;

    private const int TenantsAtOnce = 16;

    private readonly Organizations.OrganizationsClient _organizations = new(invoker);
    private readonly Permissions.PermissionsClient _permissions = new(invoker);
    private readonly Roles.RolesClient _roles = new(invoker);
    private readonly Units.UnitsClient _units = new(invoker);
    private readonly Users.UsersClient _users = new(invoker);
    private readonly Assignments.AssignmentsClient _assignments = new(invoker);
    private readonly ApiKeys.ApiKeysClient _apiKeys = new(invoker);

    /// <summary>A hierarchical organization with a first administrator of its own, as every tenant of the tool is made.</summary>
    public static CreateOrganizationRequest NewOrganization(string organizationId, string displayName) => new()
    {
        OrganizationId = organizationId,
        DisplayName = displayName,
        Plan = Plan.Advanced,
        Structure = Structure.Hierarchical,
        Administrator = new NewUser { UserId = $"{organizationId}_admin", Email = $"admin@{organizationId}.example", GivenName = "Admin", FamilyName = organizationId },
    };

    /// <summary>The extra user of each tenant the mixed phase assigns and removes roles for, outside the model.</summary>
    public static string WriterUserId(Tenant tenant) => $"{tenant.OrganizationId}_writer";

    /// <summary>
    /// Loads every tenant. A tenant the service refuses a call for (UNAVAILABLE from an overloaded database, say) is
    /// left part-loaded and counted as failed; the others go on.
    /// </summary>
    public async Task<LoadResult> LoadAsync(Workload.Workload workload, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        long calls = 0, loaded = 0, failed = 0;
        RpcException? firstFailure = null;
        using var progress = new ProgressLine("load");
        await Parallel.ForEachAsync(workload.Tenants, new ParallelOptions { MaxDegreeOfParallelism = TenantsAtOnce, CancellationToken = cancellationToken },
            async (tenant, token) =>
            {
                try
                {
                    await LoadTenantAsync(tenant, () => Interlocked.Increment(ref calls), token);
                }
                catch (RpcException error) when (!token.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, error, null);
                }

                progress.Report(Interlocked.Increment(ref loaded), Volatile.Read(ref failed), total: workload.Tenants.Count);
            });
        return new LoadResult(started.Elapsed, calls, failed, firstFailure?.Status);
    }

    /// <summary>One API key per <see cref="OrganizationsPerKey"/> tenants, as a partner platform serving them would hold.</summary>
    public async Task<string[]> CreateApiKeysAsync(Workload.Workload workload, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        foreach (var chunk in workload.Tenants.Chunk(OrganizationsPerKey))
        {
            var created = await _apiKeys.CreateApiKeyAsync(new CreateApiKeyRequest
            {
                DisplayName = "load tool",
                OrganizationIds = { chunk.Select(tenant => tenant.OrganizationId) },
            }, operatorHeaders, cancellationToken: cancellationToken);
            keys.Add(created.Secret);
        }

        return [.. keys];
    }

    private async Task LoadTenantAsync(Tenant tenant, Action called, CancellationToken cancellationToken)
    {
        var organizationId = tenant.OrganizationId;
        async Task Call<T>(AsyncUnaryCall<T> call)
        {
            called();
            await call;
        }

        CallOptions Options() => new(operatorHeaders, cancellationToken: cancellationToken);
        await Call(_organizations.CreateOrganizationAsync(NewOrganization(organizationId, $"Tenant {tenant.Index}"), Options()));

        var catalog = Task.WhenAll(Enumerable.Range(0, Tenant.PermissionCount).Select(p =>
            Call(_permissions.CreatePermissionAsync(new CreatePermissionRequest { OrganizationId = organizationId, PermissionId = Tenant.PermissionId(p) }, Options()))));
        var users = Task.WhenAll(tenant.Users.Select(user => user.Id).Append(WriterUserId(tenant)).Select(userId =>
            Call(_users.CreateUserAsync(new CreateUserRequest
            {
                OrganizationId = organizationId,
                UserId = userId,
                Email = $"{userId}@{organizationId}.example",
                GivenName = "User",
                FamilyName = userId,
            }, Options()))));
        var units = CreateUnitsAsync(tenant, Call, Options);
        await catalog;
        await Task.WhenAll(tenant.Roles.Select(role => Call(_roles.CreateRoleAsync(new CreateRoleRequest
        {
            OrganizationId = organizationId,
            RoleId = role.Id,
            DisplayName = $"Role {role.Index}",
            PermissionIds = { role.Permissions.Select(Tenant.PermissionId) },
        }, Options()))));
        await Task.WhenAll(users, units);

        await Task.WhenAll(tenant.Users.SelectMany(user => user.Bindings.Select(async binding =>
        {
            var unitId = tenant.UnitId(binding.Unit);
            await Call(_assignments.AssignRolesAsync(new AssignRolesRequest
            {
                OrganizationId = organizationId,
                UserId = user.Id,
                UnitId = unitId,
                RoleIds = { tenant.Roles[binding.Role].Id },
            }, Options()));
            if (binding.Inherit)
            {
                await Call(_assignments.EnableInheritanceAsync(new EnableInheritanceRequest
                {
                    OrganizationId = organizationId,
                    UserId = user.Id,
                    UnitId = unitId,
                    Mode = InheritanceMode.Replace,
                }, Options()));
            }
        })));
    }

    private async Task CreateUnitsAsync(Tenant tenant, Func<AsyncUnaryCall<Unit>, Task> call, Func<CallOptions> options)
    {
        foreach (var level in UnitShape.CreationOrder.GroupBy(Depth).OrderBy(group => group.Key))
        {
            await Task.WhenAll(level.Select(unit => call(_units.CreateUnitAsync(new CreateUnitRequest
            {
                OrganizationId = tenant.OrganizationId,
                UnitId = tenant.UnitId(unit),
                DisplayName = $"Unit {unit}",
                ParentUnitId = UnitShape.Parent(unit) is { } parent ? tenant.UnitId(parent) : "",
            }, options()))));
        }
    }

    private static int Depth(int unit) => UnitShape.Parent(unit) is { } parent ? 1 + Depth(parent) : 0;
}
