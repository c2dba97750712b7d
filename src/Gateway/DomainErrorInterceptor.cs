using Authz.Grains.Domain;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Orleans.Runtime.Messaging;
using Status = Google.Rpc.Status;

namespace Authz.Gateway;

/// <summary>
/// Maps every failure to a gRPC status: domain refusals to their canonical code (with a
/// <c>google.rpc.BadRequest</c> naming the field for invalid arguments), anything else to a bare
/// INTERNAL or UNAVAILABLE without details, so no stack trace reaches a client.
/// </summary>
public sealed class DomainErrorInterceptor(ILogger<DomainErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw Translate(error, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw Translate(error, context);
        }
    }

    public static RpcException ToRpcException(DomainException error)
    {
        var status = new Status { Code = (int)ToCode(error.Error), Message = error.Message };
        if (error.Field is not null)
        {
            status.Details.Add(Any.Pack(new BadRequest
            {
                FieldViolations = { new BadRequest.Types.FieldViolation { Field = error.Field, Description = error.Message } },
            }));
        }

        return status.ToRpcException();
    }

    public static StatusCode ToCode(DomainError error) => error switch
    {
        DomainError.InvalidArgument => StatusCode.InvalidArgument,
        DomainError.NotFound => StatusCode.NotFound,
        DomainError.AlreadyExists => StatusCode.AlreadyExists,
        DomainError.FailedPrecondition => StatusCode.FailedPrecondition,
        DomainError.PermissionDenied => StatusCode.PermissionDenied,
        DomainError.Unauthenticated => StatusCode.Unauthenticated,
        DomainError.Unavailable => StatusCode.Unavailable,
        DomainError.Aborted => StatusCode.Aborted,
        _ => StatusCode.Internal,
    };

    private RpcException Translate(Exception error, ServerCallContext context)
    {
        switch (error)
        {
            case DomainException domain:
                return ToRpcException(domain);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Grpc.Core.Status(StatusCode.Cancelled, "the call was cancelled"));
            case var unreachable when IsClusterUnreachable(unreachable):
                logger.LogWarning(error, "{Method} could not reach the cluster", context.Method);
                return new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "the service is temporarily unavailable; retry"));
            default:
                logger.LogError(error, "{Method} failed", context.Method);
                return new RpcException(new Grpc.Core.Status(StatusCode.Internal, "internal error"));
        }
    }

    /// <summary>
    /// What Orleans throws while a silo is gone, the gateway has no connection or the cluster is shutting down:
    /// a retry may succeed, so clients' retry policies must see UNAVAILABLE.
    /// </summary>
    private static bool IsClusterUnreachable(Exception error) => error is TimeoutException
        or OrleansMessageRejectionException // and SiloUnavailableException, its subtype
        or ConnectionFailedException
        or GatewayTooBusyException
        or ClientNotAvailableException
        or OrleansLifecycleCanceledException;
}
