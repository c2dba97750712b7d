using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class OfficersTests
{
    private static string[] Users(int count) => Enumerable.Range(0, count).Select(i => $"user-{i:D2}").ToArray();

    [Fact, Trait("Rule", "ORG-4")]
    public void ORG4_officers_are_kept_sorted_and_distinct()
    {
        var officers = Officers.Of(["zoe", "ada", "zoe", "Bob"], ["sup", "sup"]);

        Assert.Equal(["Bob", "ada", "zoe"], officers.LegalRepresentatives);
        Assert.Equal(["sup"], officers.SuperAdministrators);
    }

    [Fact, Trait("Rule", "ORG-4")]
    public void ORG4_an_organization_has_one_or_more_legal_representatives()
    {
        var error = Assert.Throws<DomainException>(() => Officers.Of([], ["sup"]));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("legal_representative_user_ids", error.Field);
    }

    [Fact, Trait("Rule", "ORG-4")]
    public void ORG4_an_organization_has_one_or_more_super_administrators()
    {
        var error = Assert.Throws<DomainException>(() => Officers.Of(["lee"], []));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("super_administrator_user_ids", error.Field);
    }

    [Fact, Trait("Rule", "ORG-4")]
    public void ORG4_at_most_twenty_of_each()
    {
        var twenty = Officers.Of(Users(20), Users(20));
        var legal = Assert.Throws<DomainException>(() => Officers.Of(Users(21), ["sup"]));
        var super = Assert.Throws<DomainException>(() => Officers.Of(["lee"], Users(21)));

        Assert.Equal(Officers.MaxPerList, twenty.LegalRepresentatives.Length);
        Assert.Equal(Officers.MaxPerList, twenty.SuperAdministrators.Length);
        Assert.Equal(DomainError.InvalidArgument, legal.Error);
        Assert.Equal("legal_representative_user_ids", legal.Field);
        Assert.Equal(DomainError.InvalidArgument, super.Error);
        Assert.Equal("super_administrator_user_ids", super.Field);
    }

    [Theory, Trait("Rule", "ORG-4")]
    [InlineData("")]
    [InlineData("org/other")]
    [InlineData("a b")]
    [InlineData("-dash")]
    public void ORG4_officer_ids_are_validated_with_the_element_named(string userId)
    {
        var legal = Assert.Throws<DomainException>(() => Officers.Of(["lee", userId], ["sup"]));
        var super = Assert.Throws<DomainException>(() => Officers.Of(["lee"], [userId]));

        Assert.Equal(DomainError.InvalidArgument, legal.Error);
        Assert.Equal("legal_representative_user_ids[1]", legal.Field);
        Assert.Equal(DomainError.InvalidArgument, super.Error);
        Assert.Equal("super_administrator_user_ids[0]", super.Field);
    }

    [Fact, Trait("Rule", "ORG-4")]
    public void ORG4_officers_answer_who_is_what_exactly()
    {
        var officers = Officers.Of(["lee", "both"], ["sup", "both"]);

        Assert.True(officers.IsLegalRepresentative("lee"));
        Assert.False(officers.IsSuperAdministrator("lee"));
        Assert.True(officers.IsOfficer("lee"));
        Assert.True(officers.IsSuperAdministrator("sup"));
        Assert.False(officers.IsLegalRepresentative("sup"));
        Assert.True(officers.IsOfficer("sup"));
        Assert.True(officers.IsLegalRepresentative("both"));
        Assert.True(officers.IsSuperAdministrator("both"));
        Assert.False(officers.IsOfficer("nia"));
        Assert.False(officers.IsLegalRepresentative("LEE"));
        Assert.False(officers.IsSuperAdministrator("Sup"));
    }

    [Fact, Trait("Rule", "ORG-4")]
    public void ORG4_no_officers_means_nobody_is_one()
    {
        Assert.Empty(Officers.None.LegalRepresentatives);
        Assert.Empty(Officers.None.SuperAdministrators);
        Assert.False(Officers.None.IsOfficer("lee"));
    }

    [Fact, Trait("Rule", "ORG-4")]
    public void ORG4_officers_with_the_same_people_are_equal()
    {
        var officers = Officers.Of(["lee", "ada"], ["sup"]);
        var same = Officers.Of(["ada", "lee"], ["sup"]);
        var withoutNia = new Officers(officers.LegalRepresentatives.Where(id => id != "nia").ToArray(), officers.SuperAdministrators.ToArray());

        Assert.Equal(officers, same);
        Assert.True(withoutNia == officers);
        Assert.NotEqual(officers, Officers.Of(["lee"], ["sup"]));
    }
}
