using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Authz.Micro;
using Perfolizer.Horology;

// One launch of a few 100 ms iterations keeps the suite within a few minutes on two cores. Options such as
// --inProcess or --iterationCount adjust this job; --job replaces it.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
if (!args.Any(arg => arg is "--job" or "-j"))
{
    config = config.AddJob(Job.ShortRun.WithIterationCount(5).WithIterationTime(TimeInterval.FromMilliseconds(100)).WithId("Quick").AsDefault());
}

// Without arguments every benchmark runs, rather than BenchmarkDotNet asking which.
BenchmarkSwitcher.FromAssembly(typeof(UnitChecks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
