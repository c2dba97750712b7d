using Authz.Api.V1;

namespace Authz.Tests.Api;

/// <summary>The examples of docs/api.md, run after README's walk-through as a reader pastes them.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GuideExampleTests(GatewayFixture gateway)
{
    [Fact, Trait("Rule", "INH-2")]
    public async Task The_guides_inheritance_example_allows_bob_in_the_child_unit_after_the_readme_walk_through()
    {
        var acme = await ReadmeWalkThroughAsync();

        await gateway.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = acme.Id, UnitId = "emea-paris", DisplayName = "Paris", ParentUnitId = "emea" });
        var inherited = await gateway.Assignments.EnableInheritanceAsync(new EnableInheritanceRequest
        {
            OrganizationId = acme.Id, UserId = "bob", UnitId = "emea", Mode = InheritanceMode.Replace,
        });
        var check = await gateway.Checks.CheckAsync(new CheckRequest
        {
            OrganizationId = acme.Id, UserId = "bob", UnitId = "emea-paris", PermissionId = "privacy.register.read", RevisionToken = inherited.RevisionToken,
        });

        Assert.True(check.Allowed);
    }

    [Fact, Trait("Rule", "CHK-1")]
    public async Task The_guides_denied_check_is_the_empty_message_grpcurl_prints_as_braces()
    {
        var acme = await ReadmeWalkThroughAsync();

        var denied = await gateway.Checks.CheckAsync(new CheckRequest
        {
            OrganizationId = acme.Id, UserId = TestOrganization.FirstAdministrator, UnitId = "emea", PermissionId = "privacy.register.read",
        });

        Assert.Equal(new CheckResponse(), denied);
    }

    /// <summary>README's walk-through: unit emea, user bob, the dpo role with privacy.register.read, held by bob at emea.</summary>
    private async Task<TestOrganization> ReadmeWalkThroughAsync()
    {
        var acme = await TestOrganization.CreateAsync(gateway);
        await acme.UnitAsync("emea");
        await acme.UserAsync("bob", "Bob", "Byte");
        await acme.PermissionAsync("privacy.register.read");
        await acme.RoleAsync("dpo", "privacy.register.read");
        await acme.AssignAsync("bob", "emea", "dpo");
        return acme;
    }
}
