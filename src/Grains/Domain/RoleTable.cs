using System.Collections.Frozen;

namespace Authz.Grains.Domain;

/// <summary>A role as the check path sees it: its permissions compiled to a bitset over the catalog.</summary>
[GenerateSerializer, Immutable, Alias("authz.CompiledRole")]
public sealed record CompiledRole(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] PermissionSet Permissions,
    [property: Id(3)] bool Assignable);

/// <summary>
/// The organization's permission catalog and roles compiled for checks, versioned. Built by the
/// organization grain on every role or catalog change and handed to unit grains, which keep it in memory.
/// Immutable: within a silo every unit shares the one instance.
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.RoleTable")]
public sealed class RoleTable
{
    public static readonly RoleTable Empty = new(0, [], []);

    [Id(0)]
    public long Version { get; }

    /// <summary>The catalog: a permission's index in this array is its bit in every <see cref="PermissionSet"/>.</summary>
    [Id(1)]
    public string[] Permissions { get; }

    [Id(2)]
    public CompiledRole[] Roles { get; }

    [NonSerialized]
    private Lookup? _lookup;

    public RoleTable(long version, string[] permissions, CompiledRole[] roles)
    {
        Version = version;
        Permissions = permissions;
        Roles = roles;
    }

    public bool TryGetPermissionIndex(string permissionId, out int index) => Index.PermissionIndexes.TryGetValue(permissionId, out index);

    public CompiledRole? FindRole(string roleId) => Index.RolesById.GetValueOrDefault(roleId);

    /// <summary>The union of the permissions of the given roles; roles no longer defined grant nothing.</summary>
    public PermissionSet PermissionsOf(IEnumerable<string> roleIds)
    {
        var set = PermissionSet.Empty;
        foreach (var roleId in roleIds)
        {
            if (FindRole(roleId) is { } role)
            {
                set = set.Union(role.Permissions);
            }
        }

        return set;
    }

    /// <summary>This table with one role granting <paramref name="permissionIds"/> instead, for a dry run.</summary>
    public RoleTable WithPermissions(string roleId, IEnumerable<string> permissionIds)
    {
        var set = PermissionSet.Of(permissionIds.Select(id => TryGetPermissionIndex(id, out var index) ? index : throw DomainException.NotFound("permission", id)));
        return new RoleTable(Version, Permissions, Roles.Select(role => role.Id == roleId ? role with { Permissions = set } : role).ToArray());
    }

    /// <summary>The permission ids the roles grant at <paramref name="now"/>, honouring each role's window.</summary>
    public IEnumerable<string> PermissionIdsInEffect(IEnumerable<HeldRole> roles, DateTimeOffset now) =>
        PermissionsOf(roles.Where(role => role.IsActiveAt(now)).Select(role => role.RoleId)).Indexes().Select(index => Permissions[index]);

    // Built on first use; a race builds the same lookup twice, which is harmless.
    private Lookup Index => _lookup ??= new Lookup(
        Permissions.Select((id, index) => KeyValuePair.Create(id, index)).ToFrozenDictionary(StringComparer.Ordinal),
        Roles.ToFrozenDictionary(role => role.Id, StringComparer.Ordinal));

    private sealed record Lookup(FrozenDictionary<string, int> PermissionIndexes, FrozenDictionary<string, CompiledRole> RolesById);
}
