using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;

namespace Authz.Gateway.Security;

/// <summary>
/// What keeps unauthenticated callers from costing the service memory, storage or CPU at will: the organization
/// registry's cache, the aggregated audit of their refusals, and a rate limit per source on the open RPCs
/// (<see cref="SessionPolicy"/>, on <c>SignIn</c> and <c>RedeemLink</c>), all set by <see cref="AnonymousCallerOptions"/>.
/// </summary>
public static class AnonymousCallerLimits
{
    public const string SessionPolicy = "sessions-per-source";

    public static IServiceCollection AddAnonymousCallerLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AnonymousCallerOptions.Section).Get<AnonymousCallerOptions>() ?? new AnonymousCallerOptions();
        services.AddSingleton(options);
        services.AddSingleton<KnownOrganizations>();
        services.AddSingleton<UnauthenticatedRefusalAudit>();
        services.AddHostedService(provider => provider.GetRequiredService<UnauthenticatedRefusalAudit>());
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(SessionPolicy, context => RateLimitPartition.GetFixedWindowLimiter(CallerSource.Of(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.SessionCallsPerWindow,
                Window = options.SessionWindow,
                QueueLimit = 0,
            }));
            limiter.OnRejected = (rejected, _) =>
            {
                WriteResourceExhausted(rejected.HttpContext.Response);
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>
    /// The refusal as a gRPC client reads it: HTTP 200 with the status in a trailers-only response (grpc-dotnet's own
    /// errors look the same), never a bare HTTP 429 that clients would report as UNAVAILABLE or UNKNOWN.
    /// </summary>
    private static void WriteResourceExhausted(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)StatusCode.ResourceExhausted).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = "too many sign-in and link calls from this address: try again later";
    }
}
