using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Authz.Load.Measurement;
using Authz.Load.Workload;
using Grpc.Core;

namespace Authz.Load;

/// <summary>Generates the workload, loads it, runs the phases and reports them; the exit code is 1 on any mismatch or error.</summary>
public static class LoadTool
{
    private const int StreamRows = 1_000_000;
    private static readonly int[] CallerCounts = [1, 2, 8];
    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            await output.WriteLineAsync($"{error.Message}\n\n{LoadOptions.Usage}");
            return 2;
        }

        if (options.Help)
        {
            await output.WriteLineAsync(LoadOptions.Usage);
            return 0;
        }

        if (options.AnonymousAbuse)
        {
            await using var abused = options.Target is { } abusedTarget
                ? await ServiceUnderTest.AttachAsync(abusedTarget, options.OperatorKey!, options.ServicePid, cancellationToken)
                : await ServiceUnderTest.StartAsync(cancellationToken, AnonymousAbuse.ServiceEnvironment);
            await output.WriteLineAsync($"service: {abused.Description}");
            return await AnonymousAbuse.RunAsync(abused, output, cancellationToken);
        }

        try
        {
            return await RunWorkloadAsync(options, output, cancellationToken);
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync($"stopped: the service answered {error.StatusCode} \"{error.Status.Detail}\" to a call the run cannot go on without");
            return 1;
        }
    }

    /// <summary>
    /// The run proper. A refused call is an error of the tenant being loaded or of the phase's operation, and the run
    /// goes on; only a call every later step depends on (an API key, the fan-out tree) throws.
    /// </summary>
    private static async Task<int> RunWorkloadAsync(LoadOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var generation = Stopwatch.StartNew();
        var workload = Workload.Workload.Generate(options.Tenants);
        var stream = CheckStream.Generate(workload, StreamRows);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"workload: {workload.Tenants.Count:N0} tenants, {workload.Tenants.Count * UnitShape.Count:N0} units, {workload.Tenants.Count * Tenant.UserCount:N0} users, {workload.BindingCount:N0} bindings; {stream.Length:N0} checks ({stream.Count(check => check.Expected) * 100.0 / stream.Length:0.00}% allowed); generated in {generation.ElapsedMilliseconds} ms"));

        await using var service = options.Target is { } target
            ? await ServiceUnderTest.AttachAsync(target, options.OperatorKey!, options.ServicePid, cancellationToken)
            : await ServiceUnderTest.StartAsync(cancellationToken);
        await output.WriteLineAsync($"service: {service.Description}");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 20):N0} MiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}"));

        var invoker = service.Channel.CreateCallInvoker();
        var operatorHeaders = new Metadata { { "authorization", $"Bearer {service.OperatorKey}" } };
        var before = service.ResidentBytes();
        var loader = new TenantLoader(invoker, operatorHeaders);
        var load = await loader.LoadAsync(workload, cancellationToken);
        var apiKeys = await loader.CreateApiKeysAsync(workload, cancellationToken);
        GC.Collect();
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var loaded = service.ResidentBytes();
        var perTenant = before is { } b && loaded is { } l ? string.Create(CultureInfo.InvariantCulture, $", {(l - b) / workload.Tenants.Count:N0} bytes per tenant") : "";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"load: {workload.Tenants.Count:N0} tenants in {load.Elapsed.TotalSeconds:0.00} s ({load.Calls:N0} calls, {load.Calls / load.Elapsed.TotalSeconds:N0} calls/s); service resident memory {Mib(before)} before, {Mib(loaded)} after{perTenant}"));
        if (load.FailedTenants > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"load errors: {load.FailedTenants:N0} of {workload.Tenants.Count:N0} tenants were refused a call, first {load.FirstFailure?.StatusCode} \"{load.FirstFailure?.Detail}\"; the phases run on what was loaded"));
        }

        var phases = new CheckPhases(invoker, workload, stream, apiKeys, operatorHeaders);
        var results = new List<PhaseResult>();
        Task<PhaseResult> Run(string name, int callers, Func<int, long, ValueTask<Outcome>> operation, TimeSpan? duration = null) =>
            PhaseRunner.RunAsync(new PhaseOptions(name, callers, duration ?? options.PhaseDuration, options.PhaseOperations), operation, service.ResidentBytes, cancellationToken);

        var warmUp = options.PhaseDuration < WarmUpLimit ? options.PhaseDuration : WarmUpLimit;
        await Run("warm-up", 2, phases.Check(2, nullEndpoint: true, fromRow: CheckPhases.WarmUpRow), warmUp);
        await Run("warm-up", 2, phases.Check(2, nullEndpoint: false, fromRow: CheckPhases.WarmUpRow), warmUp);
        foreach (var callers in CallerCounts)
        {
            var ceiling = await Run($"null-check-{callers}", callers, phases.Check(callers, nullEndpoint: true));
            var check = await Run($"check-{callers}", callers, phases.Check(callers, nullEndpoint: false));
            results.Add(ceiling);
            results.Add(check with { Notes = new Dictionary<string, string> { ["ratio_to_null"] = Ratio(check.ItemsPerSecond, ceiling.ItemsPerSecond) } });
        }

        var batchCallers = CallerCounts[^1];
        var nullBatch = await Run($"null-batch-{CheckPhases.BatchSize}", batchCallers, phases.CheckBatch(nullEndpoint: true));
        var batch = await Run($"batch-{CheckPhases.BatchSize}", batchCallers, phases.CheckBatch(nullEndpoint: false));
        results.Add(nullBatch);
        results.Add(batch with { Notes = new Dictionary<string, string> { ["ratio_to_null"] = Ratio(batch.ItemsPerSecond, nullBatch.ItemsPerSecond) } });

        var stale = new StrongBox<long>();
        var mixed = await Run("mixed-95-5", batchCallers, phases.Mixed(batchCallers, stale));
        var cleanUpErrors = await phases.CleanUpMixedAsync();
        var pureCheck = results.Single(result => result.Phase == $"check-{batchCallers}");
        results.Add(mixed with
        {
            Notes = new Dictionary<string, string>
            {
                ["ratio_to_check"] = Ratio(mixed.ItemsPerSecond, pureCheck.ItemsPerSecond),
                ["stale_answers"] = stale.Value.ToString(CultureInfo.InvariantCulture),
            },
        });

        if (options.FanOutUnits > 0)
        {
            var fanOut = new FanOutPhase(invoker, operatorHeaders, "fanout");
            var built = await fanOut.BuildAsync(options.FanOutUnits, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"fan-out tree: {options.FanOutUnits:N0} units built in {built.TotalSeconds:0.00} s"));
            results.Add(await fanOut.RunAsync(options.FanOutRuns, service.ResidentBytes, cancellationToken));
        }

        await output.WriteLineAsync();
        Report.WriteTable(results, output);
        await output.WriteLineAsync();
        Report.WriteJsonLines(results, output);
        if (options.JsonPath is { } path)
        {
            await using var file = File.CreateText(path);
            Report.WriteJsonLines(results, file);
        }

        var failed = load.FailedTenants + cleanUpErrors + results.Sum(result => result.Errors + result.Mismatches);
        await output.WriteLineAsync(failed == 0 ? "every answer matched the workload" : $"{failed} errors or mismatches");
        return failed == 0 ? 0 : 1;
    }

    private static string Ratio(double value, double of) => (of > 0 ? value / of : 0).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Mib(long? bytes) => bytes is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value / (1024.0 * 1024):N0} MiB") : "unknown";
}
