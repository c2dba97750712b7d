namespace Authz.Grains.Domain;

[GenerateSerializer, Immutable, Alias("authz.UserPage")]
public sealed record UserPage(
    [property: Id(0)] UserProfile[] Users,
    [property: Id(1)] string? NextPageToken);

/// <summary>
/// The users of an organization as found by search and listings (USR-5): unique ids and e-mails,
/// ordered by family name, given name, id.
/// </summary>
[GenerateSerializer, Alias("authz.UserDirectory")]
public sealed class UserDirectory
{
    public const int MaxUsers = 200_000;
    public const int MaxQueryLength = 100;

    [Id(0)]
    public Dictionary<string, UserProfile> Users { get; private set; } = new(StringComparer.Ordinal);

    public void RequireCanAdd(string userId, string email)
    {
        if (Users.ContainsKey(userId))
        {
            throw DomainException.AlreadyExists($"user '{userId}' already exists");
        }

        if (Users.Values.Any(user => string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase)))
        {
            throw DomainException.AlreadyExists($"a user with e-mail '{email}' already exists");
        }

        if (Users.Count >= MaxUsers)
        {
            throw DomainException.Precondition($"an organization has at most {MaxUsers} users");
        }
    }

    public void Put(UserProfile profile) => Users[profile.UserId] = profile;

    /// <summary>Deleted users leave the directory: their e-mail may be given to a new user (USR-7).</summary>
    public void Remove(string userId) => Users.Remove(userId);

    public UserProfile? Find(string userId) => Users.GetValueOrDefault(userId);

    public UserProfile? FindByEmail(string email) =>
        Users.Values.FirstOrDefault(user => string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase));

    public UserPage Search(string? query, string? pageToken, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        if (query?.Length > MaxQueryLength)
        {
            throw DomainException.Invalid("query", $"query must be at most {MaxQueryLength} characters");
        }

        var after = PageToken.Decode(pageToken, 3);
        var matches = Users.Values
            .Where(user => string.IsNullOrEmpty(query) || Matches(user, query))
            .Where(user => after is null || Compare(SortKey(user), after) > 0)
            .OrderBy(SortKey, Comparer<string[]>.Create(Compare))
            .Take(pageSize + 1)
            .ToArray();
        var page = matches.Take(pageSize).ToArray();
        return new UserPage(page, matches.Length > pageSize ? PageToken.Encode(SortKey(page[^1])) : null);
    }

    private static bool Matches(UserProfile user, string query) =>
        user.Email.Contains(query, StringComparison.OrdinalIgnoreCase)
        || user.GivenName.Contains(query, StringComparison.OrdinalIgnoreCase)
        || user.FamilyName.Contains(query, StringComparison.OrdinalIgnoreCase)
        || $"{user.GivenName} {user.FamilyName}".Contains(query, StringComparison.OrdinalIgnoreCase);

    private static string[] SortKey(UserProfile user) => [user.FamilyName, user.GivenName, user.UserId];

    private static int Compare(string[] left, string[] right)
    {
        for (var i = 0; i < left.Length; i++)
        {
            var order = i < left.Length - 1
                ? StringComparer.OrdinalIgnoreCase.Compare(left[i], right[i])
                : StringComparer.Ordinal.Compare(left[i], right[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }
}
