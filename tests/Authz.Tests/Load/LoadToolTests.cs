using System.Text.Json;
using Authz.Load;

namespace Authz.Tests.Load;

/// <summary>The load tool's smoke run, as CI runs it: it starts the development default, loads 10 tenants and runs every phase.</summary>
public sealed class LoadToolTests
{
    [Fact]
    public async Task Smoke_run_loads_the_workload_and_every_phase_answers_as_the_workload_says()
    {
        var output = new StringWriter();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var exitCode = await LoadTool.RunAsync(["--smoke"], output, limit.Token);

        var text = output.ToString();
        Assert.True(exitCode == 0, text);
        Assert.Contains("load: 10 tenants in", text);
        Assert.Contains("every answer matched the workload", text);
        var phases = text.Split('\n')
            .Where(line => line.StartsWith("{\"phase\"", StringComparison.Ordinal))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(phase => phase.GetProperty("phase").GetString()!);
        Assert.Equal(
            ["batch-100", "check-1", "check-2", "check-8", "fanout-30", "mixed-95-5", "null-batch-100", "null-check-1", "null-check-2", "null-check-8"],
            phases.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, phase) in phases)
        {
            Assert.True(phase.GetProperty("items").GetInt64() > 0, name);
            Assert.Equal(0, phase.GetProperty("errors").GetInt64());
            Assert.Equal(0, phase.GetProperty("mismatches").GetInt64());
            Assert.True(phase.GetProperty("service_rss_bytes").GetInt64() > 0, name);
        }

        Assert.Equal(0, phases["mixed-95-5"].GetProperty("stale_answers").GetInt64());
        Assert.True(phases["check-8"].GetProperty("ratio_to_null").GetDouble() > 0);
    }

    [Fact]
    public async Task Help_and_bad_options_say_how_to_call_the_tool()
    {
        var help = new StringWriter();
        Assert.Equal(0, await LoadTool.RunAsync(["--help"], help, CancellationToken.None));
        Assert.Contains("--tenants N", help.ToString());

        var bad = new StringWriter();
        Assert.Equal(2, await LoadTool.RunAsync(["--tenants", "none"], bad, CancellationToken.None));
        Assert.Contains("--tenants needs a whole number", bad.ToString());
        Assert.Equal(2, await LoadTool.RunAsync(["--target", "http://127.0.0.1:1"], new StringWriter(), CancellationToken.None));
    }
}
