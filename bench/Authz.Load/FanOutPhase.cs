using System.Diagnostics;
using Authz.Api.V1;
using Authz.Load.Measurement;
using Grpc.Core;

namespace Authz.Load;

/// <summary>
/// Inheritance fan-out over a tree of units: one user holds a role directly at the root; inheritance is switched on
/// and off there, and the time until every unit answers the new state is measured, polled without a token
/// (propagation) and read once with the write's revision token (which must be right at once).
/// </summary>
public sealed class FanOutPhase(CallInvoker invoker, Metadata operatorHeaders, string organizationId)
{
    private const int ChildrenPerUnit = 10;
    private const int BatchLimit = 1000;
    private const string UserId = "fanout_user";
    private const string RoleId = "reader";
    private const string PermissionId = "perm0";
    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(30);

    private readonly Organizations.OrganizationsClient _organizations = new(invoker);
    private readonly Units.UnitsClient _units = new(invoker);
    private readonly Users.UsersClient _users = new(invoker);
    private readonly Permissions.PermissionsClient _permissions = new(invoker);
    private readonly Roles.RolesClient _roles = new(invoker);
    private readonly Assignments.AssignmentsClient _assignments = new(invoker);
    private readonly Checks.ChecksClient _checks = new(invoker);
    private string[] _unitIds = [];

    /// <summary>Builds the organization: units filled level by level, <see cref="ChildrenPerUnit"/> children each.</summary>
    public async Task<TimeSpan> BuildAsync(int unitCount, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var options = new CallOptions(operatorHeaders, cancellationToken: cancellationToken);
        await _organizations.CreateOrganizationAsync(TenantLoader.NewOrganization(organizationId, "Fan-out tree"), options);
        await _permissions.CreatePermissionAsync(new CreatePermissionRequest { OrganizationId = organizationId, PermissionId = PermissionId }, options);
        await _roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = organizationId, RoleId = RoleId, DisplayName = "Reader", PermissionIds = { PermissionId } }, options);
        await _users.CreateUserAsync(new CreateUserRequest { OrganizationId = organizationId, UserId = UserId, Email = $"{UserId}@{organizationId}.example", GivenName = "Fan", FamilyName = "Out" }, options);

        _unitIds = [.. Enumerable.Range(0, unitCount).Select(unit => $"f{unit}")];
        var levelStart = 0;
        var levelSize = 1;
        while (levelStart < unitCount)
        {
            var level = Enumerable.Range(levelStart, Math.Min(levelSize, unitCount - levelStart));
            await Parallel.ForEachAsync(level, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (unit, token) =>
                await _units.CreateUnitAsync(new CreateUnitRequest
                {
                    OrganizationId = organizationId,
                    UnitId = _unitIds[unit],
                    DisplayName = $"Unit {unit}",
                    ParentUnitId = unit == 0 ? "" : _unitIds[(unit - 1) / ChildrenPerUnit],
                }, new CallOptions(operatorHeaders, cancellationToken: token)));
            levelStart += levelSize;
            levelSize *= ChildrenPerUnit;
        }

        await _assignments.AssignRolesAsync(new AssignRolesRequest { OrganizationId = organizationId, UserId = UserId, UnitId = _unitIds[0], RoleIds = { RoleId } }, options);
        return started.Elapsed;
    }

    /// <summary>Rounds of on/off, polled, then on/off read with the token; one result with the transition times as latencies.</summary>
    public async Task<PhaseResult> RunAsync(int runs, Func<long?> residentBytes, CancellationToken cancellationToken)
    {
        var polled = new LatencyHistogram();
        var tokened = new LatencyHistogram();
        long checks = 0, errors = 0, mismatches = 0;
        var started = Stopwatch.StartNew();
        var worstPolled = TimeSpan.Zero;
        var worstTokened = TimeSpan.Zero;
        using var progress = new ProgressLine("fan-out");
        for (var run = 0; run < runs; run++)
        {
            foreach (var on in new[] { true, false })
            {
                var write = Stopwatch.StartNew();
                await SwitchAsync(on, cancellationToken);
                while (true)
                {
                    var (answered, wrong, failed) = await CheckAllAsync(on, token: null, cancellationToken);
                    checks += answered;
                    if (failed > 0)
                    {
                        errors += failed;
                    }

                    if (wrong == 0 && failed == 0)
                    {
                        break;
                    }

                    if (write.Elapsed > PollLimit)
                    {
                        mismatches += wrong;
                        break;
                    }

                    await Task.Delay(1, cancellationToken);
                }

                polled.Record(write.Elapsed);
                worstPolled = TimeSpan.FromTicks(Math.Max(worstPolled.Ticks, write.Elapsed.Ticks));
                progress.Report(checks, errors, mismatches);
            }

            foreach (var on in new[] { true, false })
            {
                var write = Stopwatch.StartNew();
                var token = await SwitchAsync(on, cancellationToken);
                var (answered, wrong, failed) = await CheckAllAsync(on, token, cancellationToken);
                tokened.Record(write.Elapsed);
                worstTokened = TimeSpan.FromTicks(Math.Max(worstTokened.Ticks, write.Elapsed.Ticks));
                checks += answered;
                mismatches += wrong;
                errors += failed;
                progress.Report(checks, errors, mismatches);
            }
        }

        var elapsed = started.Elapsed;
        return new PhaseResult($"fanout-{_unitIds.Length}", 1, polled.Count + tokened.Count, checks, elapsed, checks / elapsed.TotalSeconds,
            polled.Percentile(50), polled.Percentile(90), polled.Percentile(99), polled.Percentile(99.9), errors, mismatches, residentBytes())
        {
            Notes = new Dictionary<string, string>
            {
                ["units"] = _unitIds.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["converged_max_ms"] = Milliseconds(worstPolled),
                ["with_token_median_ms"] = Milliseconds(tokened.Percentile(50)),
                ["with_token_max_ms"] = Milliseconds(worstTokened),
            },
        };
    }

    private static string Milliseconds(TimeSpan value) => value.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> SwitchAsync(bool on, CancellationToken cancellationToken)
    {
        var options = new CallOptions(operatorHeaders, cancellationToken: cancellationToken);
        var written = on
            ? await _assignments.EnableInheritanceAsync(new EnableInheritanceRequest { OrganizationId = organizationId, UserId = UserId, UnitId = _unitIds[0], Mode = InheritanceMode.Replace }, options)
            : await _assignments.DisableInheritanceAsync(new DisableInheritanceRequest { OrganizationId = organizationId, UserId = UserId, UnitId = _unitIds[0] }, options);
        return written.RevisionToken;
    }

    /// <summary>Every unit in batches: allowed everywhere when on, only at the root (its direct role) when off.</summary>
    private async Task<(int Answered, int Wrong, int Failed)> CheckAllAsync(bool on, string? token, CancellationToken cancellationToken)
    {
        var replies = await Task.WhenAll(_unitIds.Chunk(BatchLimit).Select(chunk => _checks.CheckBatchAsync(new CheckBatchRequest
        {
            OrganizationId = organizationId,
            RevisionToken = token ?? "",
            Items = { chunk.Select(unitId => new CheckBatchItem { UserId = UserId, UnitId = unitId, PermissionId = PermissionId }) },
        }, new CallOptions(operatorHeaders, cancellationToken: cancellationToken)).ResponseAsync));
        int answered = 0, wrong = 0, failed = 0, unit = 0;
        foreach (var result in replies.SelectMany(reply => reply.Results))
        {
            if (result.Error is not null)
            {
                failed++;
            }
            else
            {
                answered++;
                if (result.Allowed != (on || unit == 0))
                {
                    wrong++;
                }
            }

            unit++;
        }

        return (answered, wrong, failed);
    }
}
