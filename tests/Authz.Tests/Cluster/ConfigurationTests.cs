using Authz.Gateway;
using Authz.Silo;
using Microsoft.Extensions.Configuration;

namespace Authz.Tests.Cluster;

/// <summary>Production mode is chosen by configuration alone, and a half-configured host refuses to start.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void Without_configuration_the_hosts_run_the_in_memory_development_default()
    {
        var options = AuthzSiloOptions.From(Configuration());

        Assert.Equal(ClusterStorage.Memory, options.Storage);
        Assert.Null(options.Database);
    }

    [Fact]
    public void AdoNet_storage_takes_the_provider_and_connection_string_from_configuration()
    {
        var options = AuthzSiloOptions.From(Configuration(
            ("Orleans:Storage", "AdoNet"), ("Orleans:ClusterId", "prod"), ("ConnectionStrings:Authz", "Host=db;Database=authz")));

        Assert.Equal(new AdoNetDatabase("Npgsql", "Host=db;Database=authz"), options.Database);
        Assert.Equal("prod", options.ClusterId);
    }

    [Fact]
    public void AdoNet_storage_without_a_connection_string_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AuthzSiloOptions.From(Configuration(("Orleans:Storage", "AdoNet"))));

        Assert.Contains("ConnectionStrings__Authz", error.Message);
    }

    [Fact]
    public void A_clustered_gateway_without_shared_credentials_refuses_to_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GatewayApp.Build(
            ["--Orleans:Storage=AdoNet", "--ConnectionStrings:Authz=Host=127.0.0.1;Database=unused", "--Gateway:Port=0"]));

        Assert.Contains("Auth__SigningKeys__0", error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))).Build();
}
