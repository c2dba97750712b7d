using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class ApiKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Caller BetaAdmin = Caller.User("beta", "linker", "linker@beta.example");

    private static ApiKey Key(params string[] organizationIds) =>
        new("k1", "Shared LMS", organizationIds, [1, 2, 3], Now.AddDays(-1), "operator", RevokeTime: null);

    [Fact]
    public void Finding12_a_tenant_revoking_a_shared_key_withdraws_only_its_share()
    {
        var revoked = Key("acme", "beta", "gamma").RevokeBy(BetaAdmin, "beta", Now);

        Assert.Equal(["acme", "gamma"], revoked.ServedOrganizationIds);
        Assert.Null(revoked.RevokeTime);
        Assert.Equal(Now, revoked.SeenBy(BetaAdmin, "beta").RevokeTime);
        Assert.Null(revoked.SeenBy(Caller.User("acme", "a", "a@acme.example"), "acme").RevokeTime);
    }

    [Fact]
    public void Finding12_the_operator_or_the_only_organization_revokes_the_whole_key()
    {
        var byOperator = Key("acme", "beta").RevokeBy(Caller.Operator, "acme", Now);
        var single = Key("beta").RevokeBy(BetaAdmin, "beta", Now);

        Assert.Equal(Now, byOperator.RevokeTime);
        Assert.Empty(byOperator.ServedOrganizationIds);
        Assert.Equal(Now, single.RevokeTime);
        Assert.Empty(single.ServedOrganizationIds);
    }

    [Fact]
    public void Finding12_every_share_withdrawn_leaves_a_key_that_serves_nobody()
    {
        var key = Key("acme", "beta").RevokeBy(BetaAdmin, "beta", Now).RevokeBy(Caller.User("acme", "a", "a@acme.example"), "acme", Now);

        Assert.Empty(key.ServedOrganizationIds);
    }

    [Fact]
    public void Finding12_revoking_again_changes_nothing_and_a_key_of_other_organizations_is_not_found()
    {
        var once = Key("acme", "beta").RevokeBy(BetaAdmin, "beta", Now);
        var whole = Key("acme").RevokeBy(Caller.Operator, "acme", Now);

        Assert.Same(once, once.RevokeBy(BetaAdmin, "beta", Now.AddHours(1)));
        Assert.Same(whole, whole.RevokeBy(Caller.Operator, "acme", Now.AddHours(1)));
        var error = Assert.Throws<DomainException>(() => Key("acme").RevokeBy(BetaAdmin, "beta", Now));
        Assert.Equal(DomainError.NotFound, error.Error);
    }

    [Fact]
    public void Finding12_a_tenant_sees_only_its_own_organization_and_the_operator_sees_the_whole_key()
    {
        var key = Key("acme", "beta");

        Assert.Equal(["beta"], key.SeenBy(BetaAdmin, "beta").OrganizationIds);
        Assert.Equal(["acme", "beta"], key.SeenBy(Caller.Operator, "beta").OrganizationIds);
        Assert.Equal(["acme", "beta"], key.ServedOrganizationIds);
    }
}
