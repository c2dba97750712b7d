using Authz.Grains.Domain;

namespace Authz.Micro;

/// <summary>
/// One unit of tenant t152 shaped like the load workload: a catalog of 10 permissions, 6 roles of 4 permissions
/// each, users holding 1-2 roles, every second of them one more role valid for 30 days.
/// </summary>
internal static class Workload
{
    public const string Tenant = "t152";
    public const int TenantUsers = 40;
    public const int PermissionCount = 10;

    private const int RoleCount = 6;
    private const int PermissionsPerRole = 4;

    public static string UserId(int user) => $"{Tenant}_usr{user}";

    public static string PermissionId(int permission) => $"perm{permission}";

    /// <summary>
    /// The unit with <paramref name="userCount"/> holders, t152_usr2, t152_usr7, ...: user i holds role i mod 6,
    /// odd users also role i+3 mod 6, and users 2, 12, 22, ... also role i+2 mod 6 until <paramref name="now"/> + 30 days.
    /// Role r grants perm r..perm r+3 (mod 10); no role grants perm9.
    /// </summary>
    public static UnitPermissions Unit(int userCount, DateTimeOffset now)
    {
        var table = Roles();
        var unitId = $"{Tenant}_unit3";
        var assignments = new UnitAssignments();
        for (var user = 2; assignments.Count < userCount; user += 5)
        {
            var userId = UserId(user);
            string[] always = user % 2 == 1 ? [RoleId(user % RoleCount), RoleId((user + 3) % RoleCount)] : [RoleId(user % RoleCount)];
            assignments.Commit(assignments.PlanAssign(unitId, userId, always, null, null, table));
            if (user % 10 == 2)
            {
                assignments.Commit(assignments.PlanAssign(unitId, userId, [RoleId((user + 2) % RoleCount)], null, now.AddDays(30), table));
            }
        }

        return UnitPermissions.Compile(assignments, table);
    }

    private static string RoleId(int role) => $"role{role}";

    private static RoleTable Roles() =>
        new(1,
            Enumerable.Range(0, PermissionCount).Select(PermissionId).ToArray(),
            Enumerable.Range(0, RoleCount)
                .Select(role => new CompiledRole(RoleId(role), $"Role {role}",
                    PermissionSet.Of(Enumerable.Range(role, PermissionsPerRole).Select(permission => permission % PermissionCount)), Assignable: true))
                .ToArray());
}
