using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using Authz.Bench;
using Authz.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

const string Usage = """
    Times how long a change made at the root unit takes to reach every unit of a tree, on an in-process silo
    configured as the development default. Prints figures; changes nothing outside its own process.

    usage: dotnet run -c Release --project bench/Authz.Bench -- [--units N] [--runs N]
      --units N   units in the tree, 10 children per unit, filled level by level (default 1000)
      --runs N    measured runs after one warm-up run, each on a fresh organization (default 5)
      --help      this text

    The cold-restart benchmark on PostgreSQL: dotnet run -c Release --project bench/Authz.Bench -- cold-restart --help
    """;

if (args.FirstOrDefault() == ColdRestartRun.Mode)
{
    return await ColdRestartRun.RunAsync(args[1..]);
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Usage);
    return 0;
}

if (!TryParse(args, out var unitCount, out var runs))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Orleans:SiloPort"] = "11191",
    ["Orleans:GatewayPort"] = "30091",
});
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleans(silo => silo.AddAuthzSilo(builder.Configuration));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();

var shape = FanOutRun.Shape(unitCount);
Console.WriteLine($"machine: {Machine.Describe()}");
Console.WriteLine("silo: in-process generic host with UseOrleans(AddAuthzSilo), the development default (localhost clustering, in-memory "
    + "grain storage and reminders, memory streams pulled every 5 ms), called through its co-hosted cluster client");
Console.WriteLine($"tree: {unitCount} units, {FanOutRun.Children} children per unit: {string.Join(" + ", shape)} (depth {shape.Length - 1})");
Console.WriteLine($"runs: 1 warm-up + {runs}, each on a fresh organization; polling gives up after {FanOutRun.GiveUp.TotalSeconds:0} s");

var results = new List<Figure[]>();
for (var run = 0; run <= runs; run++)
{
    var setup = Stopwatch.GetTimestamp();
    var organization = await FanOutRun.CreateAsync(grains, unitCount);
    var setupTime = Stopwatch.GetElapsedTime(setup);
    var figures = await organization.MeasureAsync();
    Console.WriteLine($"{(run == 0 ? "warm-up" : $"run {run}")} (setup {setupTime.TotalSeconds:0.0} s): "
        + string.Join(", ", figures.Select(figure => $"{figure.Name} {Ms(figure.Milliseconds)}")));
    if (run > 0)
    {
        results.Add(figures);
    }
}

Console.WriteLine();
Console.WriteLine("| from the write call until every unit answers | min ms | median ms | max ms | runs where some unit never answered right | Unavailable retries |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
for (var i = 0; i < results[0].Length; i++)
{
    var column = results.Select(figures => figures[i]).ToArray();
    var times = column.Select(figure => figure.Milliseconds).Order().ToArray();
    Console.WriteLine($"| {column[0].Name} | {Ms(times[0])} | {Ms(Median(times))} | {Ms(times[^1])} | "
        + $"{column.Count(figure => figure.Unreached > 0)} | {column.Sum(figure => figure.Unavailable)} |");
}

Console.WriteLine();
Console.WriteLine("Last unit reached at each tree level, median over the runs (ms):");
Console.WriteLine($"| measurement | {string.Join(" | ", shape.Select((_, depth) => $"depth {depth}"))} |");
Console.WriteLine($"|---|{string.Concat(shape.Select(_ => "---:|"))}");
for (var i = 0; i < results[0].Length; i++)
{
    var byDepth = shape.Select((_, depth) => Median(results.Select(figures => figures[i].SlowestByDepth[depth]).Order().ToArray()));
    Console.WriteLine($"| {results[0][i].Name} | {string.Join(" | ", byDepth.Select(Ms))} |");
}

await host.StopAsync();
return 0;

static string Ms(double milliseconds) => double.IsInfinity(milliseconds) ? "gave up" : milliseconds.ToString("0", CultureInfo.InvariantCulture);

static double Median(double[] sorted) => sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

static bool TryParse(string[] args, out int unitCount, out int runs)
{
    unitCount = 1000;
    runs = 5;
    for (var i = 0; i < args.Length; i += 2)
    {
        if (i + 1 >= args.Length || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            return false;
        }

        switch (args[i])
        {
            case "--units" when value >= 2:
                unitCount = value;
                break;
            case "--runs":
                runs = value;
                break;
            default:
                return false;
        }
    }

    return true;
}

/// <summary>The machine line both modes print first.</summary>
internal static class Machine
{
    public static string Describe() =>
        $"{Environment.ProcessorCount} processors, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, "
        + $"{(GCSettings.IsServerGC ? "Server" : "Workstation")} GC ({(GCSettings.LatencyMode == GCLatencyMode.Batch ? "non-concurrent" : "concurrent")}), "
        + $"{typeof(Machine).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration} build";
}
