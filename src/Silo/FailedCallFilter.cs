using System.Data.Common;
using Authz.Grains.Domain;
using Authz.Grains.Telemetry;
using Orleans.Storage;

namespace Authz.Silo;

/// <summary>
/// Grains change their memory first and then save it. A call that fails for any reason but a refusal (which the
/// rules raise before anything changes) may have left memory ahead of storage, so its grain is deactivated and the
/// next call reloads what storage holds. A failed state write also tells the caller the write did not happen:
/// UNAVAILABLE when the database cannot be reached, ABORTED when another activation wrote first (ETag conflict).
/// </summary>
public sealed class FailedCallFilter(ILogger<FailedCallFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception error) when (!DomainException.ChangedNothing(error))
        {
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, error, "a call failed part-way"));
            if (StorageFailure(error) is not { } kind)
            {
                logger.LogWarning(error, "{Grain}.{Method} failed; deactivating so the next call reloads its state", context.TargetId, context.MethodName);
                throw;
            }

            AuthzMetrics.RecordStorageError(kind);
            logger.LogWarning(error, "{Grain}.{Method}: storage failed ({Kind}); deactivating so the next call reloads its state",
                context.TargetId, context.MethodName, kind);
            throw kind == DomainError.Aborted
                ? new DomainException(DomainError.Aborted, "a concurrent write to the same data came first; read again and retry")
                : new DomainException(DomainError.Unavailable, "storage is unavailable; retry later");
        }
    }

    private static DomainError? StorageFailure(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case InconsistentStateException:
                    return DomainError.Aborted;
                case DbException:
                    return DomainError.Unavailable;
            }
        }

        return null;
    }
}
