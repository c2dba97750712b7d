namespace Authz.Load.Workload;

/// <summary>One organization of the workload: the fixed unit tree, its roles and its users.</summary>
public sealed class Tenant
{
    public const int PermissionCount = 10, RoleCount = 6, UserCount = 40;

    private const double PermissionChance = 0.4;
    private const int SecondBindingAttempts = 50;

    private static readonly string[] PermissionIds = [.. Enumerable.Range(0, PermissionCount).Select(p => $"perm{p}")];

    private readonly string[] _unitIds;
    private readonly WorkloadRole[] _roles;
    private readonly WorkloadUser[] _users;

    /// <summary>Bit p of entry user * <see cref="UnitShape.Count"/> + unit is set when the user holds permission p there.</summary>
    private readonly ushort[] _grants = new ushort[UserCount * UnitShape.Count];

    /// <summary>Draws the tenant's roles, then its users in order, from the model stream.</summary>
    internal Tenant(int index, SplitMix64 random)
    {
        Index = index;
        OrganizationId = $"t{index}";
        _unitIds = new string[UnitShape.Count];
        for (var unit = 0; unit < _unitIds.Length; unit++)
        {
            _unitIds[unit] = $"t{index}_u{unit}";
        }

        _roles = new WorkloadRole[RoleCount];
        var roleMasks = new int[RoleCount];
        for (var role = 0; role < RoleCount; role++)
        {
            roleMasks[role] = DrawPermissions(random);
            _roles[role] = new WorkloadRole(role, $"t{index}_r{role}", Permissions(roleMasks[role]));
        }

        _users = new WorkloadUser[UserCount];
        for (var user = 0; user < UserCount; user++)
        {
            var bindings = DrawBindings(random);
            _users[user] = new WorkloadUser(user, $"t{index}_usr{user}", bindings);
            BindingCount += bindings.Length;
            foreach (var binding in bindings)
            {
                Grant(user, UnitShape.CoverageMask(binding.Unit, binding.Inherit), roleMasks[binding.Role]);
            }
        }
    }

    public int Index { get; }

    public string OrganizationId { get; }

    public IReadOnlyList<WorkloadRole> Roles => _roles;

    public IReadOnlyList<WorkloadUser> Users => _users;

    internal int BindingCount { get; }

    public string UnitId(int unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unit, UnitShape.Count);
        return _unitIds[unit];
    }

    public static string PermissionId(int p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, PermissionCount);
        return PermissionIds[p];
    }

    /// <summary>Whether some binding of the user has a role holding the permission and covers the unit.</summary>
    public bool Allowed(int user, int unit, int permission)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(user);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(user, UserCount);
        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unit, UnitShape.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(permission);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(permission, PermissionCount);
        return (_grants[(user * UnitShape.Count) + unit] & (1 << permission)) != 0;
    }

    /// <summary>A targeted check's unit and permission: one the user is always allowed.</summary>
    internal (int Unit, int Permission) DrawTarget(int user, SplitMix64 random)
    {
        var bindings = _users[user].Bindings;
        var binding = bindings[random.NextInt(bindings.Length)];
        var unit = binding.Unit;
        if (binding.Inherit)
        {
            var subtree = UnitShape.Subtrees[unit];
            unit = subtree[random.NextInt(subtree.Length)];
        }

        var permissions = _roles[binding.Role].Permissions;
        return (unit, permissions[random.NextInt(permissions.Length)]);
    }

    private void Grant(int user, int units, int permissions)
    {
        for (var unit = 0; unit < UnitShape.Count; unit++)
        {
            if ((units & (1 << unit)) != 0)
            {
                _grants[(user * UnitShape.Count) + unit] |= (ushort)permissions;
            }
        }
    }

    private static int DrawPermissions(SplitMix64 random)
    {
        var mask = 0;
        for (var permission = 0; permission < PermissionCount; permission++)
        {
            if (random.NextDouble() < PermissionChance)
            {
                mask |= 1 << permission;
            }
        }

        return mask != 0 ? mask : 1 << random.NextInt(PermissionCount);
    }

    private static int[] Permissions(int mask)
    {
        var permissions = new int[int.PopCount(mask)];
        var next = 0;
        for (var permission = 0; permission < PermissionCount; permission++)
        {
            if ((mask & (1 << permission)) != 0)
            {
                permissions[next++] = permission;
            }
        }

        return permissions;
    }

    private static WorkloadBinding[] DrawBindings(SplitMix64 random)
    {
        var wanted = 1 + random.NextInt(2);
        var first = DrawBinding(random);
        if (wanted == 2)
        {
            var taken = UnitShape.CoverageMask(first.Unit, first.Inherit);
            for (var attempt = 0; attempt < SecondBindingAttempts; attempt++)
            {
                var second = DrawBinding(random);
                if ((UnitShape.CoverageMask(second.Unit, second.Inherit) & taken) == 0)
                {
                    return [first, second];
                }
            }
        }

        return [first];
    }

    private static WorkloadBinding DrawBinding(SplitMix64 random)
    {
        var role = random.NextInt(RoleCount);
        var unit = random.NextInt(UnitShape.Count);
        return new WorkloadBinding(role, unit, random.NextInt(2) == 1);
    }
}
