using System.Text;
using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class RevisionTokenTests
{
    private static string Raw(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void AssertSame(RevisionToken expected, RevisionToken? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Revision, actual.Revision);
        Assert.Equal(expected.RoleTableVersion, actual.RoleTableVersion);
        Assert.Equal(expected.Units, actual.Units);
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void CHK4_a_token_decodes_to_what_it_encodes()
    {
        RevisionToken[] tokens =
        [
            new(42, [new UnitWrite("root", 3), new UnitWrite("Unit-a.b_c", 0), new UnitWrite(new string('u', Ids.MaxIdLength), long.MaxValue)], 7),
            new(0, [], 0),
            new(long.MaxValue, [new UnitWrite("9", 1)], long.MaxValue),
        ];

        foreach (var token in tokens)
        {
            var encoded = token.Encode();

            AssertSame(token, RevisionToken.Decode(encoded));
            Assert.DoesNotContain('+', encoded);
            Assert.DoesNotContain('/', encoded);
            Assert.DoesNotContain('=', encoded);
            Assert.Equal(encoded, RevisionToken.Decode(encoded)!.Encode());
        }
    }

    [Theory, Trait("Rule", "CHK-4")]
    [InlineData(null)]
    [InlineData("")]
    public void CHK4_an_empty_token_is_no_token(string? token)
    {
        Assert.Null(RevisionToken.Decode(token));
    }

    public static TheoryData<string> Malformed => new()
    {
        "not a token",
        "%%%",
        "a",
        "abcde",
        PageToken.Encode("root", "3"),
        Raw("authz.rev.v2;1;2;root=3"),
        Raw("AUTHZ.REV.V1;1;2;root=3"),
        Raw("authz.rev.v1;1;2"),
        Raw("authz.rev.v1;1;2;root=3;more"),
        Raw("authz.rev.v1;-1;2;root=3"),
        Raw("authz.rev.v1;x;2;root=3"),
        Raw("authz.rev.v1;1;;root=3"),
        Raw("authz.rev.v1;1;2.5;root=3"),
        Raw("authz.rev.v1;99999999999999999999;2;root=3"),
        Raw("authz.rev.v1;1;2;bad/unit=3"),
        Raw("authz.rev.v1;1;2;-root=3"),
        Raw("authz.rev.v1;1;2;" + new string('u', Ids.MaxIdLength + 1) + "=3"),
        Raw("authz.rev.v1;1;2;=3"),
        Raw("authz.rev.v1;1;2;root"),
        Raw("authz.rev.v1;1;2;root="),
        Raw("authz.rev.v1;1;2;root=-3"),
        Raw("authz.rev.v1;1;2;root=x"),
        Raw("authz.rev.v1;1;2;root=3,"),
        Raw("authz.rev.v1;1;2;root=3,,leaf=1"),
        Raw("authz.rev.v1;1;2;root==3"),
    };

    [Theory, Trait("Rule", "CHK-4")]
    [MemberData(nameof(Malformed))]
    public void CHK4_a_token_this_service_did_not_issue_is_refused(string token)
    {
        var error = Assert.Throws<DomainException>(() => RevisionToken.Decode(token));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("revision_token", error.Field);
        Assert.Equal(RevisionToken.Field, error.Field);
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void CHK4_a_refusal_names_the_field_asked_for_and_a_huge_token_is_refused()
    {
        var named = Assert.Throws<DomainException>(() => RevisionToken.Decode("%%%", "consistency_token"));
        var huge = Assert.Throws<DomainException>(() => RevisionToken.Decode(new string('A', (64 * 1024) + 1)));

        Assert.Equal(DomainError.InvalidArgument, named.Error);
        Assert.Equal("consistency_token", named.Field);
        Assert.Equal(DomainError.InvalidArgument, huge.Error);
        Assert.Equal("revision_token", huge.Field);
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void CHK4_combine_takes_the_highest_revision_and_table_version_and_per_unit_count()
    {
        var combined = RevisionToken.Combine(
        [
            new RevisionToken(5, [new UnitWrite("u2", 4), new UnitWrite("u1", 9)], 3),
            new RevisionToken(8, [new UnitWrite("u1", 2)], 1),
            new RevisionToken(2, [new UnitWrite("u3", 1), new UnitWrite("u2", 6)], 6),
        ]);

        AssertSame(new RevisionToken(8, [new UnitWrite("u1", 9), new UnitWrite("u2", 6), new UnitWrite("u3", 1)], 6), combined);
        AssertSame(new RevisionToken(0, [], 0), RevisionToken.Combine([]));
        var single = new RevisionToken(3, [new UnitWrite("b", 1), new UnitWrite("a", 2)], 4);
        AssertSame(new RevisionToken(3, [new UnitWrite("a", 2), new UnitWrite("b", 1)], 4), RevisionToken.Combine([single]));
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void CHK4_combine_orders_units_by_ordinal_id()
    {
        var combined = RevisionToken.Combine([new RevisionToken(1, [new UnitWrite("b", 1), new UnitWrite("B", 1), new UnitWrite("a", 1)], 1)]);

        Assert.Equal(["B", "a", "b"], combined.Units.Select(unit => unit.UnitId));
    }
}
