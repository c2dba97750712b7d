namespace Authz.Grains.Domain;

[GenerateSerializer, Immutable, Alias("authz.TeamFolder")]
public sealed record TeamFolder(
    [property: Id(0)] string FolderId,
    [property: Id(1)] string Name,
    [property: Id(2)] bool Archived,
    [property: Id(3)] DateTimeOffset CreateTime);

/// <summary>The organization's team folders (matrix rows "create/remove" and "create, manage and archive"): unique ids and names.</summary>
[GenerateSerializer, Alias("authz.TeamFolders")]
public sealed class TeamFolders
{
    public const int MaxFolders = 10_000;

    [Id(0)]
    public Dictionary<string, TeamFolder> ById { get; private set; } = new(StringComparer.Ordinal);

    public TeamFolder Create(string folderId, string name, DateTimeOffset now)
    {
        if (ById.ContainsKey(folderId))
        {
            throw DomainException.AlreadyExists($"team folder '{folderId}' already exists");
        }

        var key = DisplayText.UniquenessKey(name);
        if (ById.Values.Any(folder => DisplayText.UniquenessKey(folder.Name) == key))
        {
            throw DomainException.AlreadyExists($"a team folder named '{name}' already exists");
        }

        if (ById.Count >= MaxFolders)
        {
            throw DomainException.Precondition($"an organization has at most {MaxFolders} team folders");
        }

        return ById[folderId] = new TeamFolder(folderId, name, Archived: false, now);
    }

    public TeamFolder SetArchived(string folderId, bool archived) => ById[folderId] = Get(folderId) with { Archived = archived };

    public void Delete(string folderId) => ById.Remove(Get(folderId).FolderId);

    public TeamFolder[] ByName => ById.Values.OrderBy(folder => folder.Name, StringComparer.OrdinalIgnoreCase).ThenBy(folder => folder.FolderId, StringComparer.Ordinal).ToArray();

    private TeamFolder Get(string folderId) => ById.GetValueOrDefault(folderId) ?? throw DomainException.NotFound("team folder", folderId);
}
