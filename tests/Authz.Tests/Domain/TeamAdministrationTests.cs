using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

/// <summary>ADM-1 with ORG-5, decided on pictures of the organization before and after a change, without a silo.</summary>
public sealed class TeamAdministrationTests
{
    private static readonly DateTimeOffset Now = DomainFixtures.Now;

    private static Administrator Admin(string userId, string roleId = AdminRoleMatrix.TeamAdmin, bool suspended = false) =>
        new(userId, roleId, suspended, Now);

    private static AccountStanding Active(string userId) => new(UserStatus.Active, $"{userId}@acme.example");

    /// <summary>ada and carl are active team administrators; bob is an active support administrator.</summary>
    private static TeamAdministration TwoTeamAdministrators() => new(
        [Admin("ada"), Admin("bob", AdminRoleMatrix.SupportAdmin), Admin("carl")],
        new Dictionary<string, AccountStanding> { ["ada"] = Active("ada"), ["bob"] = Active("bob"), ["carl"] = Active("carl") },
        OrganizationSettings.Default);

    private static TeamAdministration Without(TeamAdministration picture, string userId) =>
        picture with { Administrators = picture.Administrators.Where(admin => admin.UserId != userId).ToArray() };

    private static TeamAdministration Replacing(TeamAdministration picture, Administrator administrator) =>
        picture with { Administrators = picture.Administrators.Select(admin => admin.UserId == administrator.UserId ? administrator : admin).ToArray() };

    [Fact, Trait("Rule", "ADM-1")]
    public void ADM1_an_active_team_administrator_holds_team_admin_is_activated_not_suspended_and_trusted()
    {
        var picture = new TeamAdministration(
            [Admin("ada"), Admin("bob", AdminRoleMatrix.SupportAdmin), Admin("carl", suspended: true), Admin("dina"), Admin("eve"), Admin("fay"), Admin("gus")],
            new Dictionary<string, AccountStanding>
            {
                ["ada"] = Active("ada"),
                ["bob"] = Active("bob"),
                ["carl"] = Active("carl"),
                ["dina"] = new(UserStatus.NotActivated, "dina@acme.example"),
                ["eve"] = new(UserStatus.Suspended, "eve@acme.example"),
                ["fay"] = new(UserStatus.Deleted, "fay@acme.example"),
                ["gus"] = new(UserStatus.Active, "gus@elsewhere.example"),
            },
            OrganizationSettings.Default with { TrustedEmailDomains = ["acme.example"] });

        Assert.Equal(["ada"], picture.ActiveTeamAdministrators);
        Assert.Equal(["ada", "bob"], picture.ActiveAdministrators);
        Assert.NotNull(picture.Warning);
    }

    [Fact, Trait("Rule", "ADM-1")]
    public void ADM1_with_two_active_team_administrators_one_may_go_but_then_the_other_may_not()
    {
        var two = TwoTeamAdministrators();
        var oneSuspended = two.WithAccount("carl", new AccountStanding(UserStatus.Suspended, "carl@acme.example"));

        two.RequireKeptBy(oneSuspended, "suspending carl");
        var error = Assert.Throws<DomainException>(() =>
            oneSuspended.RequireKeptBy(oneSuspended.WithAccount("ada", new AccountStanding(UserStatus.Suspended, "ada@acme.example")), "suspending ada"));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Contains("suspending ada", error.Message, StringComparison.Ordinal);
        Assert.Contains("ADM-1", error.Message, StringComparison.Ordinal);
        Assert.Null(two.Warning);
        Assert.NotNull(oneSuspended.Warning);
    }

    [Fact, Trait("Rule", "ADM-1")]
    public void ADM1_every_way_of_losing_the_last_active_team_administrator_is_refused()
    {
        var one = Without(TwoTeamAdministrators(), "carl") with { Settings = OrganizationSettings.Default with { TrustedEmailDomains = ["acme.example"] } };
        var afters = new Dictionary<string, TeamAdministration>
        {
            ["account suspended"] = one.WithAccount("ada", new AccountStanding(UserStatus.Suspended, "ada@acme.example")),
            ["account deleted"] = Without(one, "ada").WithAccount("ada", new AccountStanding(UserStatus.Deleted, "ada@acme.example")),
            ["administrator suspended"] = Replacing(one, Admin("ada", suspended: true)),
            ["demoted"] = Replacing(one, Admin("ada", AdminRoleMatrix.SecurityAdmin)),
            ["removed"] = Without(one, "ada"),
            ["e-mail changed outside the trusted domains"] = one.WithAccount("ada", new AccountStanding(UserStatus.Active, "ada@evil.example")),
            ["trusted domains changed"] = one with { Settings = OrganizationSettings.Default with { TrustedEmailDomains = ["other.example"] } },
        };

        Assert.All(afters, after =>
            Assert.Equal(DomainError.FailedPrecondition, Assert.Throws<DomainException>(() => one.RequireKeptBy(after.Value, after.Key)).Error));
    }

    [Fact, Trait("Rule", "ADM-1")]
    public void ADM1_a_never_activated_team_administrator_is_not_active_but_is_kept_until_someone_is()
    {
        var founder = new TeamAdministration(
            [Admin("ada"), Admin("bob", AdminRoleMatrix.SupportAdmin)],
            new Dictionary<string, AccountStanding> { ["ada"] = new(UserStatus.NotActivated, "ada@acme.example"), ["bob"] = Active("bob") },
            OrganizationSettings.Default);

        Assert.Empty(founder.ActiveTeamAdministrators);
        founder.RequireKeptBy(Without(founder, "bob"), "removing bob");
        Assert.Throws<DomainException>(() => founder.RequireKeptBy(Without(founder, "ada"), "removing ada"));
        Assert.Throws<DomainException>(() =>
            founder.RequireKeptBy(founder.WithAccount("ada", new AccountStanding(UserStatus.Suspended, "ada@acme.example")), "suspending ada"));
    }

    [Fact, Trait("Rule", "ADM-1")]
    public void ADM1_an_unactivated_team_administrator_does_not_replace_the_last_active_one()
    {
        var picture = TwoTeamAdministrators().WithAccount("carl", new AccountStanding(UserStatus.NotActivated, "carl@acme.example"));

        var error = Assert.Throws<DomainException>(() => picture.RequireKeptBy(Without(picture, "ada"), "removing ada"));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
    }

    [Fact, Trait("Rule", "ADM-1")]
    public void ADM1_changes_that_keep_an_active_team_administrator_are_accepted()
    {
        var two = TwoTeamAdministrators();

        two.RequireKeptBy(Without(two, "bob"), "removing bob");
        two.RequireKeptBy(Replacing(two, Admin("ada", AdminRoleMatrix.ContentAdmin)), "demoting ada");
        two.RequireKeptBy(two with { Settings = OrganizationSettings.Default with { TrustedEmailDomains = ["acme.example"] } }, "trusting acme.example");
        two.RequireKeptBy(two.WithAccount("ada", Active("ada")), "changing nothing");
    }
}
