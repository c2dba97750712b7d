using Authz.Grains.Domain;
using Grpc.Core;

namespace Authz.Gateway.Security;

/// <summary>The authenticated caller of a request, set by the authentication handlers.</summary>
public static class CallerContext
{
    private static readonly object Key = new();

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[Key] = caller;

    public static Caller GetCaller(this HttpContext context) => context.Items[Key] as Caller ?? Caller.Anonymous;

    public static Caller GetCaller(this ServerCallContext context) => context.GetHttpContext().GetCaller();
}
