using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Authz.Gateway;
using Authz.Gateway.Security;
using Authz.Gateway.Services;
using Authz.Grains.Messaging;
using Authz.Silo;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Authz.Tests.Deploy;

/// <summary>
/// deploy/k8s cannot be tried here (no Docker engine, no cluster), so these tests hold the Dockerfiles and manifests
/// to what the hosts really read: option classes and their properties by reflection, defaults from the options
/// themselves, assembly names from the assemblies.
/// </summary>
public sealed partial class ManifestTests
{
    private const string SiloImage = "authz-silo";
    private const string GatewayImage = "authz-gateway";
    private const string Namespace = "authz";
    private const string SecretTemplateFile = "secret.template.yaml";
    private const string KustomizationFile = "kustomization.yaml";
    private const string AnyAddress = "0.0.0.0";

    /// <summary>The generic host's stop timeout when <c>shutdownTimeoutSeconds</c> is not configured.</summary>
    private const int DefaultShutdownTimeoutSeconds = 30;

    private static readonly string RepositoryRoot = RepositoryFiles.Root;
    private static readonly string DeployFolder = Path.Combine(RepositoryRoot, "deploy", "k8s");
    private static readonly Lazy<IReadOnlyList<Manifest>> LoadedManifests = new(LoadManifests);

    /// <summary>Each image's host, and the configuration sections it binds.</summary>
    private static readonly Dictionary<string, Host> Hosts = new(StringComparer.Ordinal)
    {
        [SiloImage] = new(
            typeof(SiloApp).Assembly, "src/Silo/Authz.Silo.csproj", "silo.Dockerfile",
            new(StringComparer.OrdinalIgnoreCase)
            {
                [AuthzSiloOptions.Section] = typeof(AuthzSiloOptions),
                [HealthEndpointOptions.Section] = typeof(HealthEndpointOptions),
                [MessageOptions.Section] = typeof(MessageOptions),
                [SmtpOptions.Section] = typeof(SmtpOptions),
            }),
        [GatewayImage] = new(
            typeof(GatewayApp).Assembly, "src/Gateway/Authz.Gateway.csproj", "gateway.Dockerfile",
            new(StringComparer.OrdinalIgnoreCase)
            {
                [AuthzSiloOptions.Section] = typeof(AuthzSiloOptions),
                [GatewayOptions.Section] = typeof(GatewayOptions),
                [AuthOptions.Section] = typeof(AuthOptions),
                [SupportOptions.Section] = typeof(SupportOptions),
            }),
    };

    private static readonly string ConnectionStringVariable = $"ConnectionStrings__{AuthzSiloOptions.ConnectionStringName}";
    private static readonly string[] StandardVariablePrefixes = ["OTEL_", "ASPNETCORE_", "DOTNET_"];

    private static IReadOnlyList<Manifest> Manifests => LoadedManifests.Value;

    // ---- Files ----

    [Fact]
    public void Every_yaml_file_parses_into_kubernetes_objects()
    {
        var problems = new List<string>();
        var files = YamlFiles();
        Assert.True(files.Length > 1, $"no manifests found in {DeployFolder}");
        foreach (var file in files)
        {
            try
            {
                var documents = Documents(file);
                if (documents.Count == 0)
                {
                    problems.Add($"{Name(file)}: no YAML document");
                }

                if (Path.GetFileName(file) == KustomizationFile)
                {
                    continue;
                }

                foreach (var document in documents)
                {
                    foreach (var field in new[] { "apiVersion", "kind", "metadata.name" })
                    {
                        if (string.IsNullOrEmpty(Text(document, field.Split('.'))))
                        {
                            problems.Add($"{Name(file)}: a document has no {field}");
                        }
                    }
                }
            }
            catch (InvalidOperationException error)
            {
                problems.Add(error.Message);
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void Kustomization_applies_every_manifest_but_the_secret_template_in_the_authz_namespace()
    {
        var kustomization = Assert.Single(Documents(Path.Combine(DeployFolder, KustomizationFile)));
        var resources = Items(kustomization, "resources").Select(item => ((YamlScalarNode)item).Value!).ToHashSet(StringComparer.Ordinal);
        var expected = YamlFiles().Select(file => Path.GetFileName(file)).Where(file => file is not KustomizationFile and not SecretTemplateFile).ToHashSet(StringComparer.Ordinal);

        Assert.False(resources.Contains(SecretTemplateFile), $"{KustomizationFile} must not list {SecretTemplateFile}: the real Secret is made by hand, outside the repository");
        Assert.True(resources.SetEquals(expected),
            $"{KustomizationFile} resources [{string.Join(", ", resources.Order())}] should be every manifest but {SecretTemplateFile}: [{string.Join(", ", expected.Order())}]");
        Assert.Equal(Namespace, Text(kustomization, "namespace"));
        var images = Items(kustomization, "images").Select(image => Text(image, "name")).ToArray();
        Assert.True(images.All(image => image is not null && Hosts.ContainsKey(image)), $"{KustomizationFile} retags an image no container uses: {string.Join(", ", images)}");
    }

    [Fact]
    public void Every_resource_is_in_the_authz_namespace()
    {
        var problems = Manifests
            .Where(manifest => manifest.Kind != "Namespace" && Text(manifest.Root, "metadata", "namespace") != Namespace)
            .Select(manifest => $"{manifest}: metadata.namespace is '{Text(manifest.Root, "metadata", "namespace")}', not '{Namespace}'")
            .ToList();
        problems.AddRange(Manifests.Where(manifest => manifest.Kind == "Namespace" && manifest.Name != Namespace)
            .Select(manifest => $"{manifest}: the namespace should be '{Namespace}'"));

        AssertNone(problems);
    }

    // ---- Images and Dockerfiles ----

    [Fact]
    public void Every_container_pins_a_release_tag_and_says_when_to_pull_it()
    {
        var kustomization = Documents(Path.Combine(DeployFolder, KustomizationFile)).Single();
        var retags = Items(kustomization, "images").Select(image => (Name: Text(image, "name"), Tag: Text(image, "newTag"))).ToList();

        var problems = AllContainers()
            .Where(container => Tag(container.Image) is null or "latest")
            .Select(container => $"{container}: image '{container.Image}' names no release; tag it with a version, never :latest")
            .ToList();
        problems.AddRange(AllContainers()
            .Where(container => Text(container.Node, "imagePullPolicy") is not ("IfNotPresent" or "Always"))
            .Select(container => $"{container}: imagePullPolicy is '{Text(container.Node, "imagePullPolicy")}'; set IfNotPresent (a pinned tag never changes) or Always"));
        problems.AddRange(retags.Where(retag => retag.Tag is null or "latest").Select(retag => $"{KustomizationFile}: {retag.Name} is retagged '{retag.Tag}'; name a release"));

        AssertNone(problems);
    }

    [Fact]
    public void Every_container_runs_the_silo_or_the_gateway_image()
    {
        var containers = AllContainers().ToList();
        Assert.NotEmpty(containers);
        AssertNone(containers
            .Where(container => !Hosts.ContainsKey(container.ImageName))
            .Select(container => $"{container}: image '{container.Image}' is neither {SiloImage} nor {GatewayImage}"));
        Assert.Contains(containers, container => container.ImageName == SiloImage && !container.IsInit);
        Assert.Contains(containers, container => container.ImageName == GatewayImage && !container.IsInit);
    }

    [Fact]
    public void Dockerfiles_build_with_the_sdk_and_run_on_the_aspnet_runtime_of_the_target_framework()
    {
        var framework = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        var version = framework.Replace("net", "", StringComparison.Ordinal);
        var problems = new List<string>();
        foreach (var (image, host) in Hosts)
        {
            var stages = Dockerfile.Load(host.DockerfilePath).Stages;
            if (stages.Count < 2)
            {
                problems.Add($"{host.Dockerfile}: {stages.Count} FROM stage(s); build in one stage and copy the output into a runtime stage");
                continue;
            }

            if (stages[0].BaseImage != $"mcr.microsoft.com/dotnet/sdk:{version}")
            {
                problems.Add($"{host.Dockerfile}: the build stage is FROM {stages[0].BaseImage}, expected mcr.microsoft.com/dotnet/sdk:{version} ({framework})");
            }

            if (stages[^1].BaseImage != $"mcr.microsoft.com/dotnet/aspnet:{version}")
            {
                problems.Add($"{host.Dockerfile}: the runtime stage is FROM {stages[^1].BaseImage}, expected mcr.microsoft.com/dotnet/aspnet:{version} ({image} is an ASP.NET Core app on {framework})");
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void Each_Dockerfile_publishes_its_host_project()
    {
        var problems = new List<string>();
        foreach (var (image, host) in Hosts)
        {
            var build = Dockerfile.Load(host.DockerfilePath).Stages[0];
            var published = build.Instructions("RUN")
                .Select(run => PublishedProject().Match(run))
                .Where(match => match.Success)
                .Select(match => match.Groups["project"].Value)
                .ToList();
            if (published.Count != 1)
            {
                problems.Add($"{host.Dockerfile}: expected one 'dotnet publish <project>.csproj' in the build stage, found {published.Count}");
                continue;
            }

            var project = Path.Combine(RepositoryRoot, published[0]);
            if (published[0] != host.Project || !File.Exists(project))
            {
                problems.Add($"{host.Dockerfile}: publishes '{published[0]}', but {image} is {host.Project}");
            }
            else if (ProjectAssemblyName(project) != host.AssemblyName)
            {
                problems.Add($"{host.Dockerfile}: {host.Project} builds {ProjectAssemblyName(project)}, not {host.AssemblyName}");
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void Each_Dockerfile_entrypoint_runs_its_host_assembly()
    {
        var problems = new List<string>();
        foreach (var host in Hosts.Values)
        {
            var entrypoints = Dockerfile.Load(host.DockerfilePath).Stages[^1].Instructions("ENTRYPOINT").ToList();
            var expected = new[] { "dotnet", $"{host.AssemblyName}.dll" };
            if (entrypoints.Count != 1)
            {
                problems.Add($"{host.Dockerfile}: the runtime stage has {entrypoints.Count} ENTRYPOINT instructions, expected one");
                continue;
            }

            string[]? actual;
            try
            {
                actual = JsonSerializer.Deserialize<string[]>(entrypoints[0]);
            }
            catch (JsonException)
            {
                actual = null;
            }

            if (actual is null || !actual.SequenceEqual(expected))
            {
                problems.Add($"{host.Dockerfile}: ENTRYPOINT {entrypoints[0]}, expected the exec form {JsonSerializer.Serialize(expected)} (so Kubernetes args such as --setup-database reach the host)");
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void Each_Dockerfile_runtime_stage_runs_as_a_numeric_non_root_user()
    {
        var problems = new List<string>();
        foreach (var host in Hosts.Values)
        {
            var users = Dockerfile.Load(host.DockerfilePath).Stages[^1].Instructions("USER").ToList();
            if (users.Count == 0)
            {
                problems.Add($"{host.Dockerfile}: the runtime stage sets no USER, so the container runs as root");
            }
            else if (!IsNumericNonRootUser(users[^1]))
            {
                // The kubelet can only enforce runAsNonRoot for a numeric user.
                problems.Add($"{host.Dockerfile}: USER {users[^1]}; use $APP_UID (the .NET images' non-root uid) or a numeric uid other than 0");
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void Each_Dockerfile_exposes_the_ports_its_containers_declare()
    {
        var problems = new List<string>();
        foreach (var (image, host) in Hosts)
        {
            var exposed = Dockerfile.Load(host.DockerfilePath).Stages[^1].Instructions("EXPOSE")
                .SelectMany(ports => ports.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(port => int.Parse(port.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture))
                .ToHashSet();
            var declared = MainContainers(image).SelectMany(container => container.Ports).Select(port => port.Number).ToHashSet();
            if (!exposed.SetEquals(declared))
            {
                problems.Add($"{host.Dockerfile}: EXPOSE {string.Join(" ", exposed.Order())}, but the {image} containers declare {string.Join(" ", declared.Order())}");
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void Dockerignore_keeps_build_output_and_local_state_out_of_the_build_context()
    {
        var path = Path.Combine(RepositoryRoot, ".dockerignore");
        Assert.True(File.Exists(path), ".dockerignore is missing at the repository root (the Dockerfiles' build context)");
        var patterns = File.ReadAllLines(path).Select(line => line.Trim().TrimEnd('/')).ToHashSet(StringComparer.Ordinal);

        // A host's obj/ holds project.assets.json with the host's paths, which breaks the restore in the image.
        AssertNone(new[] { "**/bin", "**/obj", ".git", "**/.authz-dev" }
            .Where(pattern => !patterns.Contains(pattern))
            .Select(pattern => $".dockerignore does not exclude {pattern}"));
    }

    // ---- Configuration ----

    [Fact]
    public void Every_environment_variable_is_one_its_host_reads()
    {
        var problems = new List<string>();
        foreach (var container in AllContainers())
        {
            if (!Hosts.TryGetValue(container.ImageName, out var host))
            {
                continue;
            }

            problems.AddRange(container.Environment.Keys
                .Where(variable => !IsReadBy(variable, host))
                .Select(variable => $"{container}: {variable} is not read by {host.AssemblyName}; expected Section__Property of "
                    + $"{string.Join(", ", host.Sections.Select(section => $"{section.Key} ({section.Value.Name})"))}, {ConnectionStringVariable}, or OTEL_*/ASPNETCORE_*/DOTNET_*"));
        }

        AssertNone(problems);
    }

    [Fact]
    public void Dependent_environment_variables_refer_to_ones_defined_before_them()
    {
        var problems = new List<string>();
        foreach (var container in AllContainers())
        {
            var defined = new List<string>();
            foreach (var variable in Items(container.Node, "env"))
            {
                var name = Text(variable, "name")!;
                foreach (Match reference in VariableReference().Matches(Text(variable, "value") ?? ""))
                {
                    if (!defined.Contains(reference.Groups["name"].Value, StringComparer.Ordinal))
                    {
                        problems.Add($"{container}: {name} refers to $({reference.Groups["name"].Value}), which is not defined before it, so Kubernetes leaves the text as it is");
                    }
                }

                defined.Add(name);
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void Silos_and_gateways_use_AdoNet_storage_in_one_cluster()
    {
        var silo = MainContainer(SiloImage);
        var gateway = MainContainer(GatewayImage);
        Assert.True(silo.Value($"{AuthzSiloOptions.Section}__{nameof(AuthzSiloOptions.Storage)}") == nameof(ClusterStorage.AdoNet),
            $"{silo}: {AuthzSiloOptions.Section}__{nameof(AuthzSiloOptions.Storage)} must be {nameof(ClusterStorage.AdoNet)} (the default keeps everything in memory, per process)");
        foreach (var property in new[] { nameof(AuthzSiloOptions.Storage), nameof(AuthzSiloOptions.AdoNetInvariant), nameof(AuthzSiloOptions.ClusterId), nameof(AuthzSiloOptions.ServiceId) })
        {
            var variable = $"{AuthzSiloOptions.Section}__{property}";
            Assert.True(silo.Value(variable) == gateway.Value(variable),
                $"{variable} differs between {silo} ('{silo.Value(variable)}') and {gateway} ('{gateway.Value(variable)}'): the gateways would not find the silos");
        }
    }

    [Fact]
    public void Hosts_get_the_credentials_they_refuse_to_start_without()
    {
        var gateway = MainContainer(GatewayImage);
        var required = new Dictionary<Container, string[]>
        {
            [MainContainer(SiloImage)] = [ConnectionStringVariable],
            [gateway] = [ConnectionStringVariable, $"{AuthOptions.Section}__{nameof(AuthOptions.SigningKeys)}__0", $"{AuthOptions.Section}__{nameof(AuthOptions.OperatorKey)}"],
        };

        AssertNone(required.SelectMany(pair => pair.Value
            .Where(variable => !pair.Key.Environment.ContainsKey(variable))
            .Select(variable => $"{pair.Key}: {variable} is not set, and the host does not start in AdoNet mode without it")));
        AssertNone(required.SelectMany(pair => pair.Value
            .Where(variable => pair.Key.Environment.TryGetValue(variable, out var value) && value.SecretKey is null)
            .Select(variable => $"{pair.Key}: {variable} is a credential: take it from the Secret, not a literal or a ConfigMap")));
    }

    [Fact]
    public void Silos_take_their_name_and_advertised_address_from_the_pod()
    {
        var silo = MainContainer(SiloImage);
        var expected = new Dictionary<string, string>
        {
            [$"{AuthzSiloOptions.Section}__{nameof(AuthzSiloOptions.SiloName)}"] = "metadata.name",
            [$"{AuthzSiloOptions.Section}__{nameof(AuthzSiloOptions.AdvertisedAddress)}"] = "status.podIP",
        };

        AssertNone(expected
            .Where(pair => !silo.Environment.TryGetValue(pair.Key, out var value) || value.FieldPath != pair.Value)
            .Select(pair => $"{silo}: {pair.Key} should come from the downward API (fieldRef {pair.Value})"));
    }

    [Fact]
    public void Silo_pods_carry_the_orleans_service_and_cluster_id_labels()
    {
        var silo = MainContainer(SiloImage);
        var labels = PodLabels(silo.Deployment);
        var expected = new Dictionary<string, string?>
        {
            ["orleans/serviceId"] = silo.Value($"{AuthzSiloOptions.Section}__{nameof(AuthzSiloOptions.ServiceId)}"),
            ["orleans/clusterId"] = silo.Value($"{AuthzSiloOptions.Section}__{nameof(AuthzSiloOptions.ClusterId)}"),
        };

        AssertNone(expected
            .Where(pair => !labels.TryGetValue(pair.Key, out var label) || label != pair.Value)
            .Select(pair => $"{silo.Deployment}: the pod label {pair.Key} should be '{pair.Value}', the configured id"));
    }

    [Fact]
    public void Hosts_listen_on_every_address_of_the_pod()
    {
        var silo = MainContainer(SiloImage);
        var gateway = MainContainer(GatewayImage);
        var addresses = new Dictionary<Container, (string Variable, string Default)>
        {
            [silo] = ($"{HealthEndpointOptions.Section}__{nameof(HealthEndpointOptions.Address)}", new HealthEndpointOptions().Address),
            [gateway] = ($"{GatewayOptions.Section}__{nameof(GatewayOptions.Address)}", new GatewayOptions().Address),
        };

        AssertNone(addresses
            .Where(pair => (pair.Key.Value(pair.Value.Variable) ?? pair.Value.Default) != AnyAddress)
            .Select(pair => $"{pair.Key}: {pair.Value.Variable} is '{pair.Key.Value(pair.Value.Variable) ?? pair.Value.Default}'; set it to {AnyAddress} or the probes and other pods cannot connect"));
    }

    // ---- Ports and probes ----

    [Fact]
    public void Silo_container_ports_are_the_configured_silo_gateway_and_health_ports()
    {
        var silo = MainContainer(SiloImage);
        var defaults = new AuthzSiloOptions();
        var configured = new Dictionary<string, int>
        {
            [$"{AuthzSiloOptions.Section}__{nameof(AuthzSiloOptions.SiloPort)}"] = silo.Port($"{AuthzSiloOptions.Section}__{nameof(AuthzSiloOptions.SiloPort)}", defaults.SiloPort),
            [$"{AuthzSiloOptions.Section}__{nameof(AuthzSiloOptions.GatewayPort)}"] = silo.Port($"{AuthzSiloOptions.Section}__{nameof(AuthzSiloOptions.GatewayPort)}", defaults.GatewayPort),
            [$"{HealthEndpointOptions.Section}__{nameof(HealthEndpointOptions.Port)}"] = HealthPort(silo),
        };

        AssertSamePorts(silo, configured);
    }

    [Fact]
    public void Gateway_container_port_is_the_configured_gateway_port()
    {
        var gateway = MainContainer(GatewayImage);
        AssertSamePorts(gateway, new Dictionary<string, int> { [$"{GatewayOptions.Section}__{nameof(GatewayOptions.Port)}"] = GatewayPort(gateway) });
    }

    [Fact]
    public void Probes_use_grpc_health_on_the_health_port_of_each_host()
    {
        var silo = MainContainer(SiloImage);
        var gateway = MainContainer(GatewayImage);
        var problems = new List<string>();
        CheckProbes(silo, HealthPort(silo), ["readinessProbe", "livenessProbe", "startupProbe"], problems);
        CheckProbes(gateway, GatewayPort(gateway), ["readinessProbe", "livenessProbe"], problems);

        AssertNone(problems);
    }

    [Fact]
    public void Services_target_a_port_their_pods_declare_and_speak_h2c()
    {
        var services = Manifests.Where(manifest => manifest.Kind == "Service").ToList();
        Assert.NotEmpty(services);
        var problems = new List<string>();
        foreach (var service in services)
        {
            var selector = Labels(service.Root, "spec", "selector");
            var selected = Deployments().Where(deployment => Selects(selector, PodLabels(deployment))).ToList();
            if (selected.Count != 1)
            {
                problems.Add($"{service}: its selector matches {selected.Count} Deployments' pods, expected one");
                continue;
            }

            var ports = Containers(selected[0]).Where(container => !container.IsInit).SelectMany(container => container.Ports).ToList();
            foreach (var port in Items(service.Root, "spec", "ports"))
            {
                var target = Text(port, "targetPort") ?? Text(port, "port");
                if (!ports.Any(declared => declared.Name == target || declared.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == target))
                {
                    problems.Add($"{service}: targetPort {target} is not a container port of {selected[0]} ({string.Join(", ", ports)})");
                }

                if (Text(port, "appProtocol") is not ("kubernetes.io/h2c" or "grpc"))
                {
                    problems.Add($"{service}: port {Text(port, "name")} should say appProtocol kubernetes.io/h2c (plain-text gRPC)");
                }
            }
        }

        AssertNone(problems);
    }

    // ---- Scaling, disruption, secrets, security ----

    [Fact]
    public void The_autoscaler_scales_the_gateway_deployment_on_cpu()
    {
        var autoscaler = Assert.Single(Manifests, manifest => manifest.Kind == "HorizontalPodAutoscaler");
        var gateway = MainContainer(GatewayImage);
        Assert.True(autoscaler.ApiVersion == "autoscaling/v2", $"{autoscaler}: use autoscaling/v2");
        Assert.True(Text(autoscaler.Root, "spec", "scaleTargetRef", "kind") == "Deployment" && Text(autoscaler.Root, "spec", "scaleTargetRef", "name") == gateway.Deployment.Name,
            $"{autoscaler}: scaleTargetRef should be the Deployment {gateway.Deployment.Name}");
        Assert.Contains(Items(autoscaler.Root, "spec", "metrics"), metric => Text(metric, "resource", "name") == "cpu");
        Assert.True(Text(gateway.Node, "resources", "requests", "cpu") is not null,
            $"{gateway}: CPU utilization is relative to the CPU request, and there is none");
    }

    [Fact]
    public void Each_pod_disruption_budget_covers_exactly_its_deployment()
    {
        var budgets = Manifests.Where(manifest => manifest.Kind == "PodDisruptionBudget").ToList();
        var problems = new List<string>();
        foreach (var deployment in Deployments())
        {
            var covering = budgets.Where(budget => Selects(Labels(budget.Root, "spec", "selector", "matchLabels"), PodLabels(deployment))).ToList();
            if (covering.Count != 1)
            {
                problems.Add($"{deployment}: {covering.Count} PodDisruptionBudgets select its pods, expected one");
            }
        }

        foreach (var budget in budgets)
        {
            var selector = Labels(budget.Root, "spec", "selector", "matchLabels");
            if (selector.Count == 0 || Deployments().Count(deployment => Selects(selector, PodLabels(deployment))) != 1)
            {
                problems.Add($"{budget}: its selector should match the pods of exactly one Deployment");
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void Every_secret_key_a_deployment_reads_is_in_the_secret_template()
    {
        var template = Assert.Single(Documents(Path.Combine(DeployFolder, SecretTemplateFile)));
        Assert.Equal("Secret", Text(template, "kind"));
        var secretName = Text(template, "metadata", "name");
        var keys = SecretKeys(template);
        var problems = new List<string>();
        foreach (var container in AllContainers())
        {
            foreach (var reference in SecretReferences(container.Node))
            {
                if (reference.Secret != secretName)
                {
                    problems.Add($"{container}: reads the Secret '{reference.Secret}', but {SecretTemplateFile} makes '{secretName}'");
                }
                else if (reference.Key is { } key && !keys.Contains(key))
                {
                    problems.Add($"{container}: reads the key {key}, which {SecretTemplateFile} does not have");
                }
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void Every_container_runs_as_non_root()
    {
        var problems = new List<string>();
        foreach (var deployment in Deployments())
        {
            var pod = Text(deployment.Root, "spec", "template", "spec", "securityContext", "runAsNonRoot");
            problems.AddRange(Containers(deployment)
                .Where(container => (Text(container.Node, "securityContext", "runAsNonRoot") ?? pod) != "true")
                .Select(container => $"{container}: runAsNonRoot is not true (set it in the pod's securityContext)"));
        }

        AssertNone(problems);
    }

    [Fact]
    public void Silos_have_time_to_leave_the_cluster_before_they_are_killed()
    {
        var silo = MainContainer(SiloImage);
        var shutdown = silo.Environment
            .Where(pair => string.Equals(pair.Key, "DOTNET_shutdownTimeoutSeconds", StringComparison.OrdinalIgnoreCase))
            .Select(pair => int.Parse(pair.Value.Value!, System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(DefaultShutdownTimeoutSeconds)
            .Single();
        var grace = int.Parse(Text(silo.Deployment.Root, "spec", "template", "spec", "terminationGracePeriodSeconds") ?? "30", System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(grace > shutdown,
            $"{silo.Deployment}: terminationGracePeriodSeconds {grace} should exceed the host's stop timeout ({shutdown} s), or Kubernetes kills silos that are still handing over their grains");
    }

    [Fact]
    public void The_silo_init_container_sets_up_the_database_with_the_silo_image()
    {
        var silo = MainContainer(SiloImage);
        var init = Containers(silo.Deployment).Where(container => container.IsInit).ToList();
        var setup = init.SingleOrDefault(container => Items(container.Node, "args").Any(arg => ((YamlScalarNode)arg).Value == SiloApp.SetupDatabaseSwitch));

        Assert.True(setup is not null, $"{silo.Deployment}: no initContainer runs --setup-database");
        Assert.True(setup.ImageName == SiloImage, $"{setup}: --setup-database is a silo command; the image is {setup.Image}");
        Assert.True(Node(setup.Node, "command") is null, $"{setup}: a command would replace the image's ENTRYPOINT (dotnet {Hosts[SiloImage].AssemblyName}.dll); pass --setup-database as args");
        Assert.True(setup.Environment.ContainsKey(ConnectionStringVariable), $"{setup}: {ConnectionStringVariable} is not set");
    }

    // ---- Reading the manifests ----

    private static void AssertNone(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, string.Join(Environment.NewLine, list));
    }

    private static void AssertSamePorts(Container container, Dictionary<string, int> configured)
    {
        var declared = container.Ports.Select(port => port.Number).ToHashSet();
        Assert.True(declared.SetEquals(configured.Values),
            $"{container}: container ports {string.Join(", ", declared.Order())}, but the host listens on {string.Join(", ", configured.Select(pair => $"{pair.Key}={pair.Value}"))}");
    }

    private static void CheckProbes(Container container, int port, string[] required, List<string> problems)
    {
        foreach (var kind in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
        {
            if (container.Node.Children.TryGetValue(new YamlScalarNode(kind), out var probe))
            {
                if (Text(probe, "grpc", "port") != port.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    problems.Add($"{container}: {kind} should be a grpc probe on port {port}, found {Describe(probe)}");
                }
                else if ((Text(probe, "grpc", "service") ?? "") != (kind == "livenessProbe" ? AuthzHealthChecks.Liveness : ""))
                {
                    problems.Add($"{container}: {kind} asks for the gRPC health service '{Text(probe, "grpc", "service")}'; liveness must ask for "
                        + $"'{AuthzHealthChecks.Liveness}' (no dependency checks), readiness and startup for the overall service \"\"");
                }
            }
            else if (required.Contains(kind))
            {
                problems.Add($"{container}: no {kind}");
            }
        }
    }

    private static int HealthPort(Container silo) =>
        silo.Port($"{HealthEndpointOptions.Section}__{nameof(HealthEndpointOptions.Port)}", new HealthEndpointOptions().Port);

    private static int GatewayPort(Container gateway) =>
        gateway.Port($"{GatewayOptions.Section}__{nameof(GatewayOptions.Port)}", new GatewayOptions().Port);

    private static bool IsReadBy(string variable, Host host)
    {
        if (StandardVariablePrefixes.Any(prefix => variable.StartsWith(prefix, StringComparison.Ordinal))
            || string.Equals(variable, ConnectionStringVariable, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var segments = variable.Split("__");
        if (segments.Length < 2 || !host.Sections.TryGetValue(segments[0], out var options))
        {
            return false;
        }

        var property = options.GetProperty(segments[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property?.SetMethod is not { IsPublic: true })
        {
            return false;
        }

        var isList = property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType);
        return segments.Length == 2 || (segments.Length == 3 && isList && int.TryParse(segments[2], out var index) && index >= 0);
    }

    private static bool IsNumericNonRootUser(string user)
    {
        var uid = user.Split(':')[0];
        return uid is "$APP_UID" or "${APP_UID}" || (int.TryParse(uid, out var number) && number > 0);
    }

    private static string[] YamlFiles() => [.. Directory.GetFiles(DeployFolder, "*.yaml").Order(StringComparer.Ordinal)];

    private static string Name(string file) => Path.GetRelativePath(RepositoryRoot, file);

    /// <summary>The tag of an image reference, null when it has none (a digest alone counts as pinned).</summary>
    private static string? Tag(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return image.Split('@')[1];
        }

        var name = image.Split('/')[^1];
        return name.Contains(':', StringComparison.Ordinal) ? name.Split(':')[1] : null;
    }

    private static List<YamlMappingNode> Documents(string file)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            stream.Load(reader);
        }
        catch (YamlException error)
        {
            throw new InvalidOperationException($"{Name(file)} is not valid YAML: {error.Message} ({error.Start})", error);
        }

        return [.. stream.Documents.Select(document => document.RootNode as YamlMappingNode
            ?? throw new InvalidOperationException($"a document of {Name(file)} is not a mapping"))];
    }

    private static List<Manifest> LoadManifests() =>
    [
        .. YamlFiles()
            .Where(file => Path.GetFileName(file) != KustomizationFile)
            .SelectMany(file => Documents(file).Select(document => new Manifest(Path.GetFileName(file), document))),
    ];

    private static YamlNode? Node(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node!))
            {
                return null;
            }
        }

        return node;
    }

    private static string? Text(YamlNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    private static IEnumerable<YamlNode> Items(YamlNode node, params string[] path) =>
        Node(node, path) as YamlSequenceNode ?? Enumerable.Empty<YamlNode>();

    private static Dictionary<string, string> Labels(YamlNode node, params string[] path) =>
        Node(node, path) is YamlMappingNode labels
            ? labels.Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => ((YamlScalarNode)pair.Value).Value ?? "", StringComparer.Ordinal)
            : [];

    private static bool Selects(Dictionary<string, string> selector, Dictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static string Describe(YamlNode node) => node.ToString().Replace(Environment.NewLine, " ", StringComparison.Ordinal);

    private static HashSet<string> SecretKeys(YamlMappingNode secret) =>
    [
        .. new[] { "stringData", "data" }
            .Select(field => Node(secret, field))
            .OfType<YamlMappingNode>()
            .SelectMany(data => data.Children.Keys.Select(key => ((YamlScalarNode)key).Value!)),
    ];

    private static IEnumerable<Manifest> Deployments() => Manifests.Where(manifest => manifest.Kind == "Deployment");

    private static Dictionary<string, string> PodLabels(Manifest deployment) => Labels(deployment.Root, "spec", "template", "metadata", "labels");

    private static IEnumerable<Container> AllContainers() => Deployments().SelectMany(Containers);

    private static IEnumerable<Container> Containers(Manifest deployment) =>
        new[] { ("initContainers", true), ("containers", false) }.SelectMany(group =>
            Items(deployment.Root, "spec", "template", "spec", group.Item1).Select(node => new Container(deployment, (YamlMappingNode)node, group.Item2)));

    private static IEnumerable<Container> MainContainers(string image) => AllContainers().Where(container => container.ImageName == image && !container.IsInit);

    private static Container MainContainer(string image)
    {
        var containers = MainContainers(image).ToList();
        Assert.True(containers.Count == 1, $"expected one container running {image} (init containers aside), found {containers.Count}");
        return containers[0];
    }

    /// <summary>The Secrets a container reads, by secretKeyRef (one key) or envFrom secretRef (every key: Key is null).</summary>
    private static IEnumerable<(string? Secret, string? Key)> SecretReferences(YamlMappingNode container) =>
        Items(container, "env")
            .Select(variable => Node(variable, "valueFrom", "secretKeyRef"))
            .OfType<YamlMappingNode>()
            .Select(reference => (Text(reference, "name"), (string?)Text(reference, "key")))
            .Concat(Items(container, "envFrom")
                .Select(source => Node(source, "secretRef"))
                .OfType<YamlMappingNode>()
                .Select(reference => (Text(reference, "name"), (string?)null)));

    /// <summary>
    /// What a container's environment variable holds: a value (literal or from a ConfigMap), a downward-API field, or a
    /// Secret key.
    /// </summary>
    private sealed record EnvironmentValue(string? Value, string? FieldPath, string? SecretKey);

    private sealed record ContainerPort(string? Name, int Number)
    {
        public override string ToString() => Name is null ? $"{Number}" : $"{Name}={Number}";
    }

    private sealed record Manifest(string File, YamlMappingNode Root)
    {
        public string? Kind => Text(Root, "kind");

        public string? ApiVersion => Text(Root, "apiVersion");

        public string? Name => Text(Root, "metadata", "name");

        public override string ToString() => $"{File}: {Kind} {Name}";
    }

    private sealed class Container(Manifest deployment, YamlMappingNode node, bool isInit)
    {
        private readonly Lazy<Dictionary<string, EnvironmentValue>> _environment = new(() => ReadEnvironment(node));

        public Manifest Deployment { get; } = deployment;

        public YamlMappingNode Node { get; } = node;

        public bool IsInit { get; } = isInit;

        public string Image => Text(Node, "image") ?? "";

        /// <summary>The image without registry tag or digest: what kustomize's images: matches.</summary>
        public string ImageName => Image.Split('@')[0].Split('/')[^1].Split(':')[0];

        /// <summary>Every variable the container gets, envFrom first and env over it, as Kubernetes resolves them.</summary>
        public Dictionary<string, EnvironmentValue> Environment => _environment.Value;

        public IEnumerable<ContainerPort> Ports =>
            Items(Node, "ports").Select(port => new ContainerPort(Text(port, "name"), int.Parse(Text(port, "containerPort")!, System.Globalization.CultureInfo.InvariantCulture)));

        public string? Value(string variable) => Environment.TryGetValue(variable, out var value) ? value.Value : null;

        public int Port(string variable, int defaultPort) =>
            Value(variable) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : defaultPort;

        public override string ToString() => $"{Deployment} {(IsInit ? "initContainer" : "container")} {Text(Node, "name")}";

        private static Dictionary<string, EnvironmentValue> ReadEnvironment(YamlMappingNode container)
        {
            var environment = new Dictionary<string, EnvironmentValue>(StringComparer.Ordinal);
            foreach (var source in Items(container, "envFrom"))
            {
                var prefix = Text(source, "prefix") ?? "";
                if (Text(source, "configMapRef", "name") is { } configMap)
                {
                    foreach (var (key, value) in ConfigMapData(configMap))
                    {
                        environment[prefix + key] = new EnvironmentValue(value, null, null);
                    }
                }

                if (Text(source, "secretRef", "name") is { } secret)
                {
                    var template = Documents(Path.Combine(DeployFolder, SecretTemplateFile)).Single(document => Text(document, "metadata", "name") == secret);
                    foreach (var key in SecretKeys(template))
                    {
                        environment[prefix + key] = new EnvironmentValue(null, null, key);
                    }
                }
            }

            foreach (var variable in Items(container, "env"))
            {
                var name = Text(variable, "name")!;
                environment[name] = (Text(variable, "valueFrom", "configMapKeyRef", "name"), Text(variable, "valueFrom", "configMapKeyRef", "key")) switch
                {
                    ({ } configMap, { } key) => new EnvironmentValue(ConfigMapData(configMap).GetValueOrDefault(key), null, null),
                    _ => new EnvironmentValue(
                        Text(variable, "value"),
                        Text(variable, "valueFrom", "fieldRef", "fieldPath"),
                        Text(variable, "valueFrom", "secretKeyRef", "key")),
                };
            }

            return environment;
        }

        private static Dictionary<string, string> ConfigMapData(string name)
        {
            var configMap = Manifests.SingleOrDefault(manifest => manifest.Kind == "ConfigMap" && manifest.Name == name)
                ?? throw new InvalidOperationException($"no ConfigMap named {name} in {DeployFolder}");
            return Labels(configMap.Root, "data");
        }
    }

    /// <summary>One image: its host assembly, project, Dockerfile and configuration sections.</summary>
    private sealed record Host(Assembly Assembly, string Project, string Dockerfile, Dictionary<string, Type> Sections)
    {
        public string AssemblyName => Assembly.GetName().Name!;

        public string DockerfilePath => Path.Combine(DeployFolder, Dockerfile);
    }

    /// <summary>A Dockerfile's stages, each a FROM and the instructions after it (continuation lines joined).</summary>
    private sealed record Dockerfile(IReadOnlyList<DockerStage> Stages)
    {
        public static Dockerfile Load(string path)
        {
            var stages = new List<DockerStage>();
            var text = File.ReadAllText(path).Replace("\\\n", " ", StringComparison.Ordinal);
            foreach (var line in text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')))
            {
                var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
                var instruction = parts[0].ToUpperInvariant();
                var arguments = parts.Length > 1 ? parts[1] : "";
                if (instruction == "FROM")
                {
                    var from = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(word => !word.StartsWith("--", StringComparison.Ordinal)).ToArray();
                    stages.Add(new DockerStage(from[0], []));
                }
                else if (stages.Count > 0)
                {
                    stages[^1].Lines.Add((instruction, arguments));
                }
            }

            return new Dockerfile(stages);
        }
    }

    private sealed record DockerStage(string BaseImage, List<(string Instruction, string Arguments)> Lines)
    {
        public IEnumerable<string> Instructions(string instruction) =>
            Lines.Where(line => line.Instruction == instruction).Select(line => line.Arguments);
    }

    private static string? ProjectAssemblyName(string project) =>
        XDocument.Load(project).Descendants("AssemblyName").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(project);

    [GeneratedRegex(@"\bdotnet\s+publish\s+(?:.*?\s)?(?<project>[^\s]+\.csproj)\b")]
    private static partial Regex PublishedProject();

    [GeneratedRegex(@"(?<!\$)\$\((?<name>[A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();
}
