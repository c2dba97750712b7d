using Authz.Api.V1;

namespace Authz.Tests.Api;

/// <summary>
/// Ten organizations, each with units, 20 users, custom roles and random assignments; every check of every
/// user, unit and permission is compared with a plain model, before and after role edits.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TenScenarioTests(GatewayFixture gateway)
{
    private const int Seed = 20261123;
    private static readonly string[] PermissionIds = ["app.doc.read", "app.doc.write", "app.doc.share", "app.mail.send", "app.report.view", "app.billing.pay"];

    [Fact, Trait("Rule", "CHK-1"), Trait("Rule", "ASG-1"), Trait("Rule", "ROLE-3"), Trait("Rule", "ORG-1")]
    public async Task Ten_organizations_answer_every_check_like_the_model_before_and_after_role_edits()
    {
        var random = new Random(Seed);
        var organizations = new List<(TestOrganization Organization, Model Model)>();
        for (var i = 0; i < 10; i++)
        {
            organizations.Add(await BuildAsync(random, i % 2 == 0 ? Structure.Flat : Structure.Hierarchical));
        }

        foreach (var (organization, model) in organizations)
        {
            await VerifyAsync(organization, model);
        }

        foreach (var (organization, model) in organizations)
        {
            foreach (var roleId in model.Roles.Keys.Take(2).ToArray())
            {
                var permissions = PermissionIds.Where(_ => random.NextDouble() < 0.5).ToArray();
                organization.Wrote(await gateway.Roles.SetRolePermissionsAsync(new SetRolePermissionsRequest { OrganizationId = organization.Id, RoleId = roleId, PermissionIds = { permissions } }));
                model.Roles[roleId] = permissions.ToHashSet();
            }

            await VerifyAsync(organization, model);
        }
    }

    private async Task<(TestOrganization, Model)> BuildAsync(Random random, Structure structure)
    {
        var organization = await TestOrganization.CreateAsync(gateway, structure);
        var model = new Model();
        await organization.PermissionAsync(PermissionIds);
        for (var u = 0; u < 5; u++)
        {
            var parent = structure == Structure.Hierarchical && u > 0 ? $"unit{random.Next(u)}" : null;
            await organization.UnitAsync($"unit{u}", parent);
            model.Units.Add($"unit{u}");
        }

        for (var r = 0; r < 4; r++)
        {
            var permissions = PermissionIds.Where(_ => random.NextDouble() < 0.4).ToArray();
            await organization.RoleAsync($"role{r}", permissions);
            model.Roles[$"role{r}"] = permissions.ToHashSet();
        }

        for (var k = 0; k < 20; k++)
        {
            var userId = $"user{k}";
            await organization.UserAsync(userId);
            foreach (var unitId in model.Units.Where(_ => random.NextDouble() < 0.4))
            {
                var roles = model.Roles.Keys.Where(_ => random.NextDouble() < 0.4).DefaultIfEmpty("role0").ToArray();
                await organization.AssignAsync(userId, unitId, roles);
                model.Assignments[(userId, unitId)] = roles.ToHashSet();
            }
        }

        return (organization, model);
    }

    private async Task VerifyAsync(TestOrganization organization, Model model)
    {
        var request = new CheckBatchRequest { OrganizationId = organization.Id };
        var expected = new List<bool>();
        for (var k = 0; k < 20; k++)
        {
            foreach (var unitId in model.Units)
            {
                foreach (var permissionId in PermissionIds)
                {
                    request.Items.Add(new CheckBatchItem { UserId = $"user{k}", UnitId = unitId, PermissionId = permissionId });
                    expected.Add(model.Allows($"user{k}", unitId, permissionId));
                }
            }
        }

        request.RevisionToken = organization.Revision;
        var results = (await gateway.Checks.CheckBatchAsync(request)).Results;
        Assert.All(results, result => Assert.Null(result.Error));
        Assert.Equal(expected, results.Select(result => result.Allowed));

        for (var i = 0; i < request.Items.Count; i += 37)
        {
            var item = request.Items[i];
            Assert.Equal(expected[i], await organization.CheckAsync(item.UserId, item.UnitId, item.PermissionId));
        }
    }

    private sealed class Model
    {
        public List<string> Units { get; } = [];

        public Dictionary<string, HashSet<string>> Roles { get; } = [];

        public Dictionary<(string User, string Unit), HashSet<string>> Assignments { get; } = [];

        public bool Allows(string userId, string unitId, string permissionId) =>
            Assignments.TryGetValue((userId, unitId), out var roles) && roles.Any(role => Roles[role].Contains(permissionId));
    }
}
