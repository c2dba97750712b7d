using Microsoft.AspNetCore.Authentication;

namespace Authz.Gateway.Security;

/// <summary>
/// Establishes the caller from the bearer credential, as <c>UseAuthentication()</c> does, except that a failure
/// of authentication itself (the cluster unreachable while a key or an account is read) does not escape as HTTP 500
/// outside the gRPC error mapping: it is kept, and <see cref="AccessInterceptor"/> answers it with a gRPC status.
/// </summary>
public sealed class CallerAuthenticationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            // The handlers set the caller (CallerContext); a refused credential leaves the caller anonymous.
            await context.AuthenticateAsync();
        }
        catch (Exception error)
        {
            context.SetAuthenticationFailure(error);
        }

        await next(context);
    }
}
