using Authz.Grains.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Authz.Silo;

/// <summary>
/// Traces and metrics, the same for both hosts: gRPC server spans, Orleans grain-call spans (which need
/// <c>AddActivityPropagation()</c> on the silo and client builders), and the Authz, ASP.NET Core, Kestrel and Orleans
/// meters. They leave the process over OTLP only when <see cref="OtlpEndpointVariable"/> is set; the SDK reads the
/// other standard <c>OTEL_*</c> variables (protocol, headers, export interval) itself.
/// </summary>
public static class Telemetry
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Orleans' own meter (its <c>Instruments</c> class is internal, so the name is not a public constant).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    private const string HealthService = "/grpc.health.v1.Health";

    public static IServiceCollection AddAuthzTelemetry(this IServiceCollection services, string serviceName)
    {
        var telemetry = services.AddOpenTelemetry()
            // The environment detector comes after the default name, so OTEL_SERVICE_NAME (and OTEL_RESOURCE_ATTRIBUTES) win.
            .ConfigureResource(resource => resource.AddService(serviceName).AddEnvironmentVariableDetector())
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new WithoutPolling()))
                // Orchestrators probe health every few seconds; those spans would bury the requests.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments(HealthService))
                .AddSource(ActivitySources.RuntimeActivitySourceName, ActivitySources.ApplicationGrainActivitySourceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(AuthzMetrics.MeterName, OrleansMeterName));
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OtlpEndpointVariable)))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>
    /// Samples every trace but those of polling. The stream pulling agents' timers tick every few milliseconds per queue
    /// and ask the memory queue for messages each time, even when none arrived: thousands of traces a second. Both
    /// start traces of their own (Orleans does not flow the execution context into timers), so only roots are judged
    /// here and their calls follow them; the work of a request stays traced, and so does a delivery to a unit.
    /// </summary>
    private sealed class WithoutPolling : Sampler
    {
        private static readonly string[] Polling = ["IGrainTimerInvoker/InvokeCallbackAsync", "IMemoryStreamQueueGrain/Dequeue"];

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            new(Polling.Contains(samplingParameters.Name) ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
    }
}
