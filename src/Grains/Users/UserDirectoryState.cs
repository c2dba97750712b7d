using Authz.Grains.Domain;

namespace Authz.Grains.Users;

[GenerateSerializer, Alias("authz.UserDirectoryState")]
public sealed class UserDirectoryState
{
    /// <summary>Set when the organization is created; until then every call is NotFound.</summary>
    [Id(0)]
    public bool OrganizationExists { get; set; }

    [Id(1)]
    public UserDirectory Directory { get; set; } = new();
}
