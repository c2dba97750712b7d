using Authz.Grains.Units;

namespace Authz.Tests.UnitProtocol;

public sealed class GatewayBoundaryTests
{
    [Fact]
    public void The_gateway_never_calls_a_unit_protocol_method()
    {
        var gateway = Path.Combine(RepositoryFiles.Root, "src", "Gateway");
        var sources = Directory.EnumerateFiles(gateway, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToArray();
        string[] forbidden = [nameof(IUnitProtocolGrain), $".{nameof(Authz.Grains.GrainFactoryExtensions.UnitProtocol)}("];

        Assert.NotEmpty(sources);
        var offending = sources
            .SelectMany(path => forbidden.Where(File.ReadAllText(path).Contains).Select(name => $"{Path.GetRelativePath(gateway, path)}: {name}"))
            .ToArray();
        Assert.Empty(offending);
    }
}
