using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Authz.Load.Measurement;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Authz.Load;

/// <summary>The service the tool measures: the development default started here as a child process, or one already running.</summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly Process? _process;
    private readonly string? _logPath;

    private ServiceUnderTest(Uri address, string operatorKey, int? processId, Process? process, string? logPath)
    {
        Address = address;
        OperatorKey = operatorKey;
        ProcessId = processId;
        _process = process;
        _logPath = logPath;
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
    }

    public Uri Address { get; }

    public string OperatorKey { get; }

    public int? ProcessId { get; }

    public GrpcChannel Channel { get; }

    public string Description => _process is null
        ? $"the service at {Address}"
        : $"the development default (src/Gateway with its in-memory silo, pid {ProcessId}) at {Address}; its log: {_logPath}";

    public long? ResidentBytes() => ProcessId is { } pid ? ResidentMemory.Of(pid) : null;

    public static async Task<ServiceUnderTest> AttachAsync(Uri address, string operatorKey, int? processId, CancellationToken cancellationToken)
    {
        var service = new ServiceUnderTest(address, operatorKey, processId, null, null);
        await service.WaitUntilServingAsync(cancellationToken);
        return service;
    }

    /// <summary>
    /// Starts <c>Authz.Gateway.dll</c> of this repository's build on free loopback ports with the null endpoint on,
    /// and <paramref name="environment"/> added to its configuration.
    /// </summary>
    public static async Task<ServiceUnderTest> StartAsync(CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var gateway = LocateGateway();
        var port = FreePort();
        var operatorKey = "op_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var logPath = Path.Combine(Path.GetTempPath(), $"authz-load-service-{Environment.ProcessId}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { gateway },
            WorkingDirectory = Path.GetDirectoryName(gateway)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["Gateway__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Gateway__NullEndpoint"] = "true",
                ["Orleans__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Orleans__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Auth__OperatorKey"] = operatorKey,
                ["Auth__SigningKeys__0"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Logging__LogLevel__Default"] = "Warning",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {gateway}");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { lock (log) { log.WriteLine(line.Data); } } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { lock (log) { log.WriteLine(line.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceUnderTest(new Uri($"http://127.0.0.1:{port}"), operatorKey, process.Id, process, logPath);
        try
        {
            await service.WaitUntilServingAsync(cancellationToken);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        var health = new Health.HealthClient(Channel);
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"the service exited with code {_process.ExitCode}; see {_logPath}");
            }

            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (Grpc.Core.RpcException) when (started.Elapsed < StartLimit)
            {
            }

            if (started.Elapsed > StartLimit)
            {
                throw new TimeoutException($"{Address} did not report SERVING within {StartLimit.TotalSeconds} s");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The gateway built in the same configuration as this tool (Release under <c>dotnet run -c Release</c>).</summary>
    private static string LocateGateway()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("run the tool from its build in the repository (Orleans.sln not found above it), or pass --target");
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var gateway = Path.Combine(directory.FullName, "src", "Gateway", "bin", configuration, "net10.0", "Authz.Gateway.dll");
        return File.Exists(gateway) ? gateway : throw new InvalidOperationException($"{gateway} is missing: build the solution first");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
