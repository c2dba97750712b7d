using System.Runtime.ExceptionServices;
using Authz.Grains.Domain;
using Grpc.Core;

namespace Authz.Gateway.Security;

/// <summary>The authenticated caller of a request, set by the authentication handlers.</summary>
public static class CallerContext
{
    private static readonly object Key = new();
    private static readonly object FailureKey = new();

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[Key] = caller;

    public static Caller GetCaller(this HttpContext context) => context.Items[Key] as Caller ?? Caller.Anonymous;

    public static Caller GetCaller(this ServerCallContext context) => context.GetHttpContext().GetCaller();

    /// <summary>Keeps a failure of authentication itself (not a refused credential) for the gRPC pipeline to answer.</summary>
    public static void SetAuthenticationFailure(this HttpContext context, Exception error) =>
        context.Items[FailureKey] = ExceptionDispatchInfo.Capture(error);

    /// <summary>Rethrows the failure <see cref="SetAuthenticationFailure"/> kept, if any.</summary>
    public static void ThrowAuthenticationFailure(this ServerCallContext context) =>
        (context.GetHttpContext().Items[FailureKey] as ExceptionDispatchInfo)?.Throw();
}
