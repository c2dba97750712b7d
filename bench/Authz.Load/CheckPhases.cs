using Authz.Api.Bench.V1;
using Authz.Api.V1;
using Authz.Load.Measurement;
using Authz.Load.Workload;
using System.Runtime.CompilerServices;
using Grpc.Core;

namespace Authz.Load;

/// <summary>
/// The check phases: Check and CheckBatch against the service and the null endpoint, and the mixed phase of checks
/// and writes followed by checks carrying the write's revision token. Every answer is compared with the workload.
/// </summary>
public sealed class CheckPhases
{
    public const int BatchSize = 100;
    public const double WriteShare = 0.05;
    private const ulong WriterSeed = 20260103;

    private readonly Workload.Workload _workload;
    private readonly WorkloadCheck[] _stream;
    private readonly int[][] _rowsByTenant;
    private readonly Metadata[] _platformHeaders;
    private readonly Metadata _operatorHeaders;
    private readonly Checks.ChecksClient _checks;
    private readonly NullChecks.NullChecksClient _null;
    private readonly Assignments.AssignmentsClient _assignments;
    private WriterState[] _writers = [];

    public CheckPhases(CallInvoker invoker, Workload.Workload workload, WorkloadCheck[] stream, string[] apiKeys, Metadata operatorHeaders)
    {
        _workload = workload;
        _stream = stream;
        _platformHeaders = [.. apiKeys.Select(key => new Metadata { { "authorization", $"Bearer {key}" } })];
        _operatorHeaders = operatorHeaders;
        _checks = new Checks.ChecksClient(invoker);
        _null = new NullChecks.NullChecksClient(invoker);
        _assignments = new Assignments.AssignmentsClient(invoker);
        var rows = Enumerable.Range(0, workload.Tenants.Count).Select(_ => new List<int>()).ToArray();
        for (var row = 0; row < stream.Length; row++)
        {
            rows[stream[row].Tenant].Add(row);
        }

        _rowsByTenant = [.. rows.Select(list => list.ToArray())];
    }

    /// <summary>
    /// Where caller <paramref name="caller"/> of <paramref name="callers"/> starts in the check stream (WORKLOAD.md):
    /// one caller at row 0, two at rows 100,000 and 600,000, more spread evenly.
    /// </summary>
    public static long StartRow(int callers, int caller, int streamLength) => callers switch
    {
        1 => 0,
        2 => caller == 0 ? 100_000 : 600_000,
        _ => (long)caller * streamLength / callers,
    } % streamLength;

    public const long WarmUpRow = 500_000;

    /// <summary>Check, one request per stream row, from each caller's start row on.</summary>
    public Func<int, long, ValueTask<Outcome>> Check(int callers, bool nullEndpoint, long? fromRow = null)
    {
        var next = Enumerable.Range(0, callers).Select(caller => fromRow ?? StartRow(callers, caller, _stream.Length)).ToArray();
        return (caller, _) => CheckRowAsync(_stream[next[caller]++ % _stream.Length], nullEndpoint);
    }

    /// <summary>CheckBatch of <see cref="BatchSize"/> stream rows of one tenant, tenants in turn.</summary>
    public Func<int, long, ValueTask<Outcome>> CheckBatch(bool nullEndpoint) => (_, sequence) => CheckBatchAsync(sequence, nullEndpoint);

    /// <summary>
    /// 95% stream checks, 5% writes: each caller in turn assigns a role to its tenant's writer user in one unit and
    /// removes it again, each write followed by a Check carrying the write's revision token, which must see it.
    /// Counts answers that did not (stale) in <paramref name="stale"/>.
    /// </summary>
    public Func<int, long, ValueTask<Outcome>> Mixed(int callers, StrongBox<long> stale)
    {
        var next = Enumerable.Range(0, callers).Select(caller => StartRow(callers, caller, _stream.Length)).ToArray();
        var writers = Enumerable.Range(0, callers).Select(caller => new WriterState(new SplitMix64(WriterSeed + (ulong)caller), caller % UnitShape.Count)).ToArray();
        _writers = writers;
        return (caller, _) =>
        {
            var writer = writers[caller];
            return writer.Random.NextDouble() < WriteShare
                ? WriteThenCheckAsync(writer, stale)
                : CheckRowAsync(_stream[next[caller]++ % _stream.Length], nullEndpoint: false);
        };
    }

    /// <summary>
    /// Removes what the mixed phase's callers left assigned, so the service holds the workload alone again; answers how
    /// many removals the service refused.
    /// </summary>
    public async Task<int> CleanUpMixedAsync()
    {
        var refused = 0;
        foreach (var writer in _writers.Where(writer => writer.Assigned))
        {
            try
            {
                await WriteThenCheckAsync(writer, new StrongBox<long>());
            }
            catch (RpcException)
            {
                refused++;
            }
        }

        return refused;
    }

    private async ValueTask<Outcome> CheckRowAsync(WorkloadCheck check, bool nullEndpoint)
    {
        var tenant = _workload.Tenants[check.Tenant];
        var request = new CheckRequest
        {
            OrganizationId = tenant.OrganizationId,
            UserId = tenant.Users[check.User].Id,
            UnitId = tenant.UnitId(check.Unit),
            PermissionId = Tenant.PermissionId(check.Permission),
        };
        var headers = Headers(check.Tenant);
        if (nullEndpoint)
        {
            await _null.CheckAsync(request, headers);
            return Outcome.Success;
        }

        var reply = await _checks.CheckAsync(request, headers);
        return Outcome.One(error: false, mismatch: reply.Allowed != check.Expected);
    }

    private async ValueTask<Outcome> CheckBatchAsync(long sequence, bool nullEndpoint)
    {
        var tenantIndex = (int)(sequence % _workload.Tenants.Count);
        var tenant = _workload.Tenants[tenantIndex];
        var rows = _rowsByTenant[tenantIndex];
        var offset = (int)(sequence / _workload.Tenants.Count * BatchSize % Math.Max(rows.Length, 1));
        var request = new CheckBatchRequest { OrganizationId = tenant.OrganizationId };
        var expected = new bool[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            var check = _stream[rows[(offset + i) % rows.Length]];
            expected[i] = check.Expected;
            request.Items.Add(new CheckBatchItem
            {
                UserId = tenant.Users[check.User].Id,
                UnitId = tenant.UnitId(check.Unit),
                PermissionId = Tenant.PermissionId(check.Permission),
            });
        }

        var headers = Headers(tenantIndex);
        var reply = nullEndpoint ? await _null.CheckBatchAsync(request, headers) : await _checks.CheckBatchAsync(request, headers);
        if (nullEndpoint)
        {
            return new Outcome(BatchSize, 0, 0);
        }

        int errors = 0, mismatches = 0;
        for (var i = 0; i < BatchSize; i++)
        {
            if (reply.Results[i].Error is not null)
            {
                errors++;
            }
            else if (reply.Results[i].Allowed != expected[i])
            {
                mismatches++;
            }
        }

        return new Outcome(BatchSize, errors, mismatches);
    }

    private async ValueTask<Outcome> WriteThenCheckAsync(WriterState writer, StrongBox<long> stale)
    {
        if (!writer.Assigned)
        {
            writer.Tenant = writer.Random.NextInt(_workload.Tenants.Count);
            writer.Role = writer.Random.NextInt(Tenant.RoleCount);
        }

        var tenant = _workload.Tenants[writer.Tenant];
        var role = tenant.Roles[writer.Role];
        var assign = !writer.Assigned;
        var token = assign
            ? (await _assignments.AssignRolesAsync(new AssignRolesRequest
            {
                OrganizationId = tenant.OrganizationId,
                UserId = TenantLoader.WriterUserId(tenant),
                UnitId = tenant.UnitId(writer.Unit),
                RoleIds = { role.Id },
            }, _operatorHeaders)).RevisionToken
            : (await _assignments.RemoveRolesAsync(new RemoveRolesRequest
            {
                OrganizationId = tenant.OrganizationId,
                UserId = TenantLoader.WriterUserId(tenant),
                UnitId = tenant.UnitId(writer.Unit),
                RoleIds = { role.Id },
            }, _operatorHeaders)).RevisionToken;
        writer.Assigned = assign;

        var reply = await _checks.CheckAsync(new CheckRequest
        {
            OrganizationId = tenant.OrganizationId,
            UserId = TenantLoader.WriterUserId(tenant),
            UnitId = tenant.UnitId(writer.Unit),
            PermissionId = Tenant.PermissionId(role.Permissions[0]),
            RevisionToken = token,
        }, Headers(writer.Tenant));
        var isStale = reply.Allowed != assign;
        if (isStale)
        {
            Interlocked.Increment(ref stale.Value);
        }

        return new Outcome(2, 0, isStale ? 1 : 0);
    }

    private Metadata Headers(int tenant) => _platformHeaders[tenant / TenantLoader.OrganizationsPerKey];

    private sealed class WriterState(SplitMix64 random, int unit)
    {
        public SplitMix64 Random { get; } = random;

        public int Unit { get; } = unit;

        public int Tenant { get; set; }

        public int Role { get; set; }

        public bool Assigned { get; set; }
    }
}
