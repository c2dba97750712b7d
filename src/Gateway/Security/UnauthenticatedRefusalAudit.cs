using Authz.Grains;
using Authz.Grains.Audit;
using Authz.Grains.Domain;
using Authz.Grains.Telemetry;

namespace Authz.Gateway.Security;

/// <summary>
/// Audits refusals of unauthenticated callers without letting them fill an audit log (<see cref="UnauthenticatedRefusals"/>):
/// only for organizations that exist, the first per organization, source and window at once, the rest as one summary
/// entry written when the window closes (checked every quarter window, and when the gateway stops).
/// </summary>
public sealed partial class UnauthenticatedRefusalAudit(
    KnownOrganizations organizations, IGrainFactory grains, TimeProvider time, AnonymousCallerOptions options,
    ILogger<UnauthenticatedRefusalAudit> logger) : BackgroundService
{
    private readonly UnauthenticatedRefusals _refusals = new(options.RefusalAuditWindow, options.RefusalAuditCapacity);
    private readonly Lock _lock = new();
    private long _droppedSinceWarning;
    private DateTimeOffset _lastDropWarning = DateTimeOffset.MinValue;

    public async Task RefusedAsync(string organizationId, string source, AuditRecord record)
    {
        if (!await organizations.ExistsAsync(organizationId))
        {
            return;
        }

        var now = time.GetUtcNow();
        RefusalHandling handling;
        long dropped = 0;
        lock (_lock)
        {
            handling = _refusals.Add(organizationId, source, now);
            if (handling == RefusalHandling.Dropped)
            {
                _droppedSinceWarning++;

                // One log line per window at most: the metric counts every one.
                if (now >= _lastDropWarning + _refusals.Window)
                {
                    (dropped, _droppedSinceWarning, _lastDropWarning) = (_droppedSinceWarning, 0, now);
                }
            }
        }

        AuthzMetrics.RecordUnauthenticatedRefusal(handling);
        if (dropped > 0)
        {
            LogDropped(dropped, _refusals.Capacity);
        }

        if (handling == RefusalHandling.Record)
        {
            await AppendAsync(organizationId, record);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_refusals.Window / 4, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await WriteAsync(Take(refusals => refusals.TakeClosed(time.GetUtcNow())));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await WriteAsync(Take(refusals => refusals.TakeAll()));
    }

    private IReadOnlyList<RefusalSummary> Take(Func<UnauthenticatedRefusals, IReadOnlyList<RefusalSummary>> take)
    {
        lock (_lock)
        {
            return take(_refusals);
        }
    }

    private async Task WriteAsync(IReadOnlyList<RefusalSummary> summaries)
    {
        foreach (var summary in summaries)
        {
            await AppendAsync(summary.OrganizationId, new AuditRecord(
                Caller.Anonymous.Describe(), null, "authz.v1.*", $"source/{summary.Source}", null, Guid.NewGuid().ToString("N"), "UNAUTHENTICATED", summary.Describe()));
        }
    }

    private async Task AppendAsync(string organizationId, AuditRecord record)
    {
        try
        {
            await grains.AuditLog(organizationId).AppendAsync(record);
        }
        catch (Exception error)
        {
            LogNotRecorded(error, organizationId, record.Action, record.Target, record.Detail);
        }
    }

    [LoggerMessage(LogLevel.Warning, "{Dropped} refusals of unauthenticated callers not audited: {Capacity} organization and source pairs are already being counted")]
    private partial void LogDropped(long dropped, int capacity);

    [LoggerMessage(LogLevel.Error, "Audit entry not recorded for {Organization}: anonymous {Action} {Target}: {Detail}")]
    private partial void LogNotRecorded(Exception error, string organization, string action, string target, string detail);
}
