using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Authz.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class HostTests(GatewayFixture gateway)
{
    [Fact]
    public async Task The_standard_health_service_reports_serving_while_the_cluster_answers()
    {
        var health = new Health.HealthClient(gateway.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Server_reflection_lists_every_v1_service()
    {
        var reflection = new ServerReflection.ServerReflectionClient(gateway.Channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(service => service.Name).ToArray();

        Assert.Subset(
            services.ToHashSet(),
            new[] { "Organizations", "Units", "Users", "Permissions", "Roles", "Assignments", "Checks" }.Select(name => $"authz.v1.{name}").ToHashSet());
        Assert.Contains("grpc.health.v1.Health", services);
    }
}
