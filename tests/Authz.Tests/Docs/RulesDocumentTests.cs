using System.Text.RegularExpressions;

namespace Authz.Tests.Docs;

/// <summary>Error messages and API comments name rules by id; the repository must say what each id means.</summary>
public sealed partial class RulesDocumentTests
{
    [Fact]
    public void Every_rule_id_the_code_or_the_api_names_is_defined_in_docs_rules()
    {
        var defined = DefinedRule().Matches(RepositoryFiles.Read("docs", "rules.md")).Select(match => match.Groups[1].Value).ToHashSet();
        var sources = new[] { "src", "protos" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, folder), "*.*", SearchOption.AllDirectories))
            .Where(file => Path.GetExtension(file) is ".cs" or ".proto" && !file.Contains("/obj/", StringComparison.Ordinal));

        var named = sources.SelectMany(file => RuleId().Matches(File.ReadAllText(file)).Select(match => match.Value)).ToHashSet();

        Assert.NotEmpty(named);
        Assert.Empty(named.Except(defined).Order());
    }

    [Fact]
    public void The_documentation_points_only_at_files_inside_the_repository()
    {
        var documents = new[] { "README.md", "docs/api.md", "docs/architecture.md", "docs/benchmarks.md", "deploy/k8s/README.md" };

        var outside = documents.Where(document => RepositoryFiles.Read(document).Contains("../shared/", StringComparison.Ordinal));

        Assert.Empty(outside);
    }

    [GeneratedRegex(@"^- ((?:ORG|USR|ROLE|ASG|INH|ADM|GRP|PAR|CHK)-\d+) ", RegexOptions.Multiline)]
    private static partial Regex DefinedRule();

    [GeneratedRegex(@"\b(?:ORG|USR|ROLE|ASG|INH|ADM|GRP|PAR|CHK)-\d+\b")]
    private static partial Regex RuleId();
}
