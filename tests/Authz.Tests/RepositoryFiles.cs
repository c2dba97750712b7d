namespace Authz.Tests;

/// <summary>The repository's own files, for tests that read what ships beside the code (manifests, documentation).</summary>
public static class RepositoryFiles
{
    /// <summary>The folder holding <c>Orleans.sln</c>, found above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    public static string Read(params string[] path) => File.ReadAllText(Path.Combine([Root, .. path]));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds Orleans.sln");
    }
}
