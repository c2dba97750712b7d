using System.Text.RegularExpressions;
using Authz.Grains;
using Authz.Grains.Audit;
using Authz.Grains.Domain;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Authz.Gateway.Security;

/// <summary>
/// The one gate of the API: a call without a credential is refused with UNAUTHENTICATED before its request is read,
/// unless its RPC is open; every call of the <c>authz.v1</c> services is then described by <see cref="AccessPolicies"/>,
/// refused with PERMISSION_DENIED unless the organization's model allows the caller, and
/// recorded in the organization's audit log when it changes state or is refused.
/// </summary>
public sealed partial class AccessInterceptor(
    AccessPolicies policies, IGrainFactory grains, UnauthenticatedRefusalAudit unauthenticatedRefusals, ILogger<AccessInterceptor> logger) : Interceptor
{
    private const string ApiPrefix = "/authz.v1.";
    private const string MissingCredential = "missing, invalid or expired credentials: send 'authorization: Bearer <token or key>'";
    public const string RequestIdHeader = "x-request-id";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(request, context, () => continuation(request, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(request, context, async () =>
        {
            await continuation(request, responseStream, context);
            return true;
        });

    private async Task<T> GuardAsync<T>(object request, ServerCallContext context, Func<Task<T>> call)
    {
        if (!context.Method.StartsWith(ApiPrefix, StringComparison.Ordinal))
        {
            return await call();
        }

        var requestId = RequestId(context);
        context.GetHttpContext().Response.Headers[RequestIdHeader] = requestId;
        context.ThrowAuthenticationFailure();
        var caller = context.GetCaller();
        if (caller.Kind == CallerKind.Anonymous && !policies.IsOpen(request.GetType()))
        {
            var unauthenticated = new RpcException(new Status(StatusCode.Unauthenticated, MissingCredential));
            await AuditAnonymousRefusalAsync(request, context, requestId, unauthenticated);
            throw unauthenticated;
        }

        var guard = request is IMessage message ? policies.Describe(message) : null;
        if (guard is null)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "this method has no access policy"));
        }

        var refusal = await RefusalAsync(caller, guard);
        if (refusal is not null)
        {
            await AuditAsync(guard, caller, context, requestId, refusal.StatusCode, refusal.Status.Detail);
            throw refusal;
        }

        try
        {
            var result = await call();
            if (guard.ChangesState)
            {
                await AuditAsync(guard, caller, context, requestId, StatusCode.OK, "");
            }

            return result;
        }
        catch (Exception error) when (guard.ChangesState)
        {
            var (code, detail) = Outcome(error);
            await AuditAsync(guard, caller, context, requestId, code, detail);
            throw;
        }
    }

    private async Task<RpcException?> RefusalAsync(Caller caller, Guard guard)
    {
        foreach (var request in guard.Requests)
        {
            var verdict = AccessControl.DecideWithoutOrganization(caller, guard.OrganizationId, request)
                ?? await grains.Organization(guard.OrganizationId).AuthorizeAsync(caller, request);
            if (!verdict.IsAllowed)
            {
                return new RpcException(new Status(StatusCode.PermissionDenied, verdict.Reason));
            }
        }

        return null;
    }

    /// <summary>
    /// Audited in the organization the request names, if it names one validly: the answer was decided before the
    /// request was read, and a request too malformed to describe is not worth an entry.
    /// </summary>
    private async Task AuditAnonymousRefusalAsync(object request, ServerCallContext context, string requestId, RpcException refusal)
    {
        Guard? guard;
        try
        {
            guard = request is IMessage message ? policies.Describe(message) : null;
        }
        catch (DomainException)
        {
            return;
        }

        if (guard is not null)
        {
            await AuditAsync(guard, Caller.Anonymous, context, requestId, refusal.StatusCode, refusal.Status.Detail);
        }
    }

    /// <summary>Refusals of unauthenticated callers are aggregated: anyone can make them, as many as they like.</summary>
    private async Task AuditAsync(Guard guard, Caller caller, ServerCallContext context, string requestId, StatusCode code, string detail)
    {
        var actorUserId = caller.Kind == CallerKind.User ? caller.ImpersonatorId ?? caller.Id : null;
        var subject = guard.SubjectUserId ?? (caller.ImpersonatorId is not null ? caller.Id : null);
        var record = new AuditRecord(caller.Describe(), actorUserId, context.Method.TrimStart('/'), guard.Target, subject, requestId, CodeName(code), detail);
        if (caller.Kind == CallerKind.Anonymous && code != StatusCode.OK)
        {
            await unauthenticatedRefusals.RefusedAsync(guard.OrganizationId, CallerSource.Of(context.GetHttpContext()), record);
            return;
        }

        try
        {
            await grains.AuditLog(guard.OrganizationId).AppendAsync(record);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Audit entry not recorded for {Organization}: {Actor} {Action} {Target} {Outcome} ({RequestId})",
                guard.OrganizationId, record.Actor, record.Action, record.Target, record.Outcome, requestId);
        }
    }

    private static (StatusCode Code, string Detail) Outcome(Exception error) => error switch
    {
        RpcException rpc => (rpc.StatusCode, rpc.Status.Detail),
        DomainException domain => (DomainErrorInterceptor.ToCode(domain.Error), domain.Message),
        _ => (StatusCode.Internal, "internal error"),
    };

    private static string RequestId(ServerCallContext context)
    {
        var sent = context.RequestHeaders.GetValue(RequestIdHeader);
        return sent is { Length: > 0 and <= 64 } && Ids.IsValid(sent) ? sent : Guid.NewGuid().ToString("N");
    }

    /// <summary>The canonical name: PERMISSION_DENIED for PermissionDenied.</summary>
    private static string CodeName(StatusCode code) => code == StatusCode.OK ? "OK" : WordBoundary().Replace(code.ToString(), "_$1").ToUpperInvariant();

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex WordBoundary();
}
