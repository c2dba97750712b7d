using System.Globalization;

namespace Authz.Load;

/// <summary>The command line of the load tool.</summary>
public sealed record LoadOptions
{
    public const string Usage = """
        Authz load tool: loads the RBAC workload (../shared/bench/WORKLOAD.md) into the service through its public
        gRPC API, then measures Check, CheckBatch, a mixed read/write phase and inheritance fan-out, verifying every
        answer against the workload.

        Usage: dotnet run -c Release --project bench/Authz.Load -- [options]

          --tenants N          tenants to generate and load (default 1000)
          --seconds S          time limit of each measured phase (default 10)
          --checks N           count limit of each measured phase, in operations (default 1000000)
          --fanout-units N     units of the fan-out tree (default 1000; 0 skips the phase)
          --fanout-runs N      inheritance on/off rounds in the fan-out phase (default 3)
          --target URL         measure a service already running there (e.g. http://127.0.0.1:50051) instead of
                               starting the development default; needs --operator-key, and --service-pid for memory
          --operator-key KEY   the operator credential of --target
          --service-pid PID    the process whose resident memory to report with --target
          --json FILE          also write the results as JSON lines to FILE
          --anonymous-abuse    instead of the load: 20 anonymous sign-ins with a 4 MB e-mail and 10,000 anonymous
                               calls with random ids; reports the service's resident memory after a full GC in it
                               before and after, and fails if it grew by more than 20 MiB (SignIn/RedeemLink rate
                               limit lifted in the started service)
          --smoke              10 tenants, 1 s phases, a 30-unit fan-out tree: proves the tool works
          --help               this text

        Without --target the tool starts the gateway with its in-memory development silo (src/Gateway, built in
        the same configuration as this tool) on free loopback ports, with the null endpoint switched on, and
        stops it at the end.
        """;

    public int Tenants { get; init; } = 1000;

    public TimeSpan PhaseDuration { get; init; } = TimeSpan.FromSeconds(10);

    public long PhaseOperations { get; init; } = 1_000_000;

    public int FanOutUnits { get; init; } = 1000;

    public int FanOutRuns { get; init; } = 3;

    public Uri? Target { get; init; }

    public string? OperatorKey { get; init; }

    public int? ServicePid { get; init; }

    public string? JsonPath { get; init; }

    public bool Help { get; init; }

    public bool AnonymousAbuse { get; init; }

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number(int min) => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new ArgumentException($"{args[i - 1]} needs a whole number of at least {min}");
            options = args[i] switch
            {
                "--tenants" => options with { Tenants = Number(1) },
                "--seconds" => options with { PhaseDuration = TimeSpan.FromSeconds(Number(1)) },
                "--checks" => options with { PhaseOperations = Number(1) },
                "--fanout-units" => options with { FanOutUnits = Number(0) },
                "--fanout-runs" => options with { FanOutRuns = Number(1) },
                "--target" => options with { Target = Uri.TryCreate(Value(), UriKind.Absolute, out var uri) ? uri : throw new ArgumentException("--target needs an absolute URL") },
                "--operator-key" => options with { OperatorKey = Value() },
                "--service-pid" => options with { ServicePid = Number(1) },
                "--json" => options with { JsonPath = Value() },
                "--smoke" => options with { Tenants = 10, PhaseDuration = TimeSpan.FromSeconds(1), FanOutUnits = 30, FanOutRuns = 1 },
                "--anonymous-abuse" => options with { AnonymousAbuse = true },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (options.Target is not null && options.OperatorKey is null)
        {
            throw new ArgumentException("--target needs --operator-key");
        }

        return options;
    }
}
