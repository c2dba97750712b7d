using Authz.Grains.Domain;

namespace Authz.Grains.Users;

[GenerateSerializer, Alias("authz.UserState")]
public sealed class UserState
{
    /// <summary>Null until the user is created.</summary>
    [Id(0)]
    public UserProfile? Profile { get; set; }

    /// <summary>
    /// The units where the user may hold roles: always a superset of the truth held by the unit grains
    /// (added before a unit assigns, removed after it removes the last role), so listings never miss one.
    /// </summary>
    [Id(1)]
    public SortedSet<string> Units { get; set; } = new(StringComparer.Ordinal);

    [Id(2)]
    public UserAccount Account { get; set; } = new();
}
