using Authz.Api.V1;
using Authz.Tests.Api;
using Grpc.Core;

namespace Authz.Tests.Security.Attacks;

/// <summary>Finding 12: an organization sharing an API key sees and revokes only its own share of it.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ApiKeyAttackTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Finding12_a_tenant_revoking_a_shared_key_withdraws_only_its_own_share()
    {
        var (acme, beta) = (await OrganizationAsync(), await OrganizationAsync());
        var key = await SharedKeyAsync(acme, beta);
        var betaAdmin = await beta.MemberAsync("linker", "security-admin");

        var revoked = await betaAdmin.ApiKeys.RevokeApiKeyAsync(new RevokeApiKeyRequest { OrganizationId = beta.Id, KeyId = key.Key.KeyId });
        var inAcme = await Rpc.StatusAsync(() => CheckAsync(key, acme));
        var inBeta = await Rpc.StatusAsync(() => CheckAsync(key, beta));
        var listedInBeta = await betaAdmin.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest { OrganizationId = beta.Id });
        var listedInAcme = await gateway.Operator.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest { OrganizationId = acme.Id });

        Assert.Equal([beta.Id], revoked.OrganizationIds);
        Assert.NotNull(revoked.RevokeTime);
        Assert.Equal(StatusCode.OK, inAcme);
        Assert.Equal(StatusCode.PermissionDenied, inBeta);
        Assert.Equal([beta.Id], listedInBeta.Keys.Single().OrganizationIds);
        Assert.NotNull(listedInBeta.Keys.Single().RevokeTime);
        Assert.Equal(new[] { acme.Id, beta.Id }.Order(StringComparer.Ordinal), listedInAcme.Keys.Single().OrganizationIds.Order(StringComparer.Ordinal));
        Assert.Null(listedInAcme.Keys.Single().RevokeTime);
    }

    [Fact]
    public async Task Finding12_a_tenant_listing_a_shared_key_sees_no_other_organization()
    {
        var (acme, beta) = (await OrganizationAsync(), await OrganizationAsync());
        var key = await SharedKeyAsync(acme, beta);
        var betaAdmin = await beta.MemberAsync("linker", "security-admin");

        var listed = await betaAdmin.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest { OrganizationId = beta.Id });
        var acmeKeyOfAnotherTenant = await Rpc.StatusAsync(() =>
            betaAdmin.ApiKeys.RevokeApiKeyAsync(new RevokeApiKeyRequest { OrganizationId = acme.Id, KeyId = key.Key.KeyId }).ResponseAsync);

        var seen = listed.Keys.Single();
        Assert.Equal(key.Key.KeyId, seen.KeyId);
        Assert.Equal([beta.Id], seen.OrganizationIds);
        Assert.DoesNotContain(acme.Id, listed.ToString(), StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, acmeKeyOfAnotherTenant);
        Assert.Equal(StatusCode.OK, await Rpc.StatusAsync(() => CheckAsync(key, acme)));
        Assert.Equal(StatusCode.OK, await Rpc.StatusAsync(() => CheckAsync(key, beta)));
    }

    [Fact]
    public async Task Finding12_the_operator_still_revokes_the_whole_shared_key()
    {
        var (acme, beta) = (await OrganizationAsync(), await OrganizationAsync());
        var key = await SharedKeyAsync(acme, beta);

        var revoked = await gateway.Operator.ApiKeys.RevokeApiKeyAsync(new RevokeApiKeyRequest { OrganizationId = acme.Id, KeyId = key.Key.KeyId });

        Assert.Equal(new[] { acme.Id, beta.Id }.Order(StringComparer.Ordinal), revoked.OrganizationIds.Order(StringComparer.Ordinal));
        Assert.Equal(StatusCode.Unauthenticated, await Rpc.StatusAsync(() => CheckAsync(key, acme)));
        Assert.Equal(StatusCode.Unauthenticated, await Rpc.StatusAsync(() => CheckAsync(key, beta)));
    }

    private async Task<TestOrganization> OrganizationAsync()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("u1");
        await organization.PermissionAsync("docs.read");
        await organization.RoleAsync("reader", "docs.read");
        await organization.UserAsync("bob");
        await organization.AssignAsync("bob", "u1", "reader");
        return organization;
    }

    private async Task<CreateApiKeyResponse> SharedKeyAsync(params TestOrganization[] organizations) =>
        await gateway.Operator.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            OrganizationIds = { organizations.Select(organization => organization.Id) }, DisplayName = "Shared LMS",
        });

    private async Task CheckAsync(CreateApiKeyResponse key, TestOrganization organization) =>
        await gateway.As(key.Secret).Checks.CheckAsync(new CheckRequest
        {
            OrganizationId = organization.Id, UnitId = "u1", UserId = "bob", PermissionId = "docs.read", RevisionToken = organization.Revision,
        });
}
