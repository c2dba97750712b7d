using Authz.Gateway.Security;
using Authz.Grains.Domain;

namespace Authz.Tests.Security.Attacks;

/// <summary>
/// Finding 2's root: whoever controls an administrator's account holds their power, so every state-changing RPC
/// about a user needs, when that user is an administrator or officer, a permission only team administrators hold
/// (ADM-5). An RPC added later without it fails here.
/// </summary>
public sealed class AccountOperationPolicyTests
{
    /// <summary>Change unit roles, not the account; granting or removing admin power needs its own permission (AdminPowerPermission).</summary>
    private static readonly string[] UnitRoleMethods = ["AssignRoles", "RemoveRoles", "EnableInheritance", "DisableInheritance", "BreakInheritance"];

    /// <summary>The seed's matrix grants ending admin sessions to the compliance role as well; administrators cannot be impersonated at all (ADM-7).</summary>
    private static readonly string[] MatrixExceptions = ["EndSessions", "Impersonate"];

    [Fact, Trait("Rule", "ADM-5")]
    public void Finding2_every_account_operation_on_an_administrator_needs_a_team_administrators_permission()
    {
        var ids = new Dictionary<string, string>
        {
            ["organization_id"] = "acme", ["organization_ids"] = "acme", ["user_id"] = "bob", ["from_user_id"] = "bob", ["to_user_id"] = "eve", ["unit_id"] = "u1", ["role_id"] = "r1",
        };
        var onlyTeamAdministrators = AdminPermissions.All.Select(permission => permission.Id)
            .Where(permission => AdminRoleMatrix.RoleIds.Where(role => role != AdminRoleMatrix.TeamAdmin)
                .All(role => !AdminRoleMatrix.OriginalPermissions(role).Contains(permission)))
            .ToHashSet();
        var checkedMethods = new List<string>();

        foreach (var method in RpcTable.Methods.Where(method => !UnitRoleMethods.Contains(method.Name) && !MatrixExceptions.Contains(method.Name)))
        {
            var guard = AccessPolicies.Default.Describe(RpcTable.Request(method, ids))!;
            foreach (var request in guard.Requests.Where(request => guard.ChangesState && request.SubjectUserId is not null && request.Rule == AccessRule.Permission))
            {
                checkedMethods.Add(method.Name);
                var overAdministrators = request.PermissionOverAdministrators ?? request.Permission!;
                Assert.True(onlyTeamAdministrators.Contains(overAdministrators), $"{method.Name} needs '{overAdministrators}' over an administrator");
            }
        }

        Assert.Contains("ChangeUserEmail", checkedMethods);
        Assert.Contains("ResendActivation", checkedMethods);
        Assert.Contains("TransferAccount", checkedMethods);
        Assert.Contains("SuspendUser", checkedMethods);
        Assert.Contains("DeleteUser", checkedMethods);
    }
}
