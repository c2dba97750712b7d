using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class IdsTests
{
    [Theory, Trait("Rule", "ORG-1")]
    [InlineData("a")]
    [InlineData("Z")]
    [InlineData("7")]
    [InlineData("unit-1")]
    [InlineData("Scuola.Media_2-b")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void ORG1_well_formed_ids_are_accepted(string id)
    {
        Assert.True(Ids.IsValid(id));
        Assert.Equal(id, Ids.Require(id, "unit_id"));
        Assert.Equal(id, Ids.Optional(id, "unit_id"));
    }

    [Theory, Trait("Rule", "ORG-1")]
    [InlineData("org/other")]
    [InlineData("../x")]
    [InlineData("a/")]
    [InlineData("-leading-dash")]
    [InlineData(".leading-dot")]
    [InlineData("_leading-underscore")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("unità")]
    [InlineData("ünit")]
    [InlineData("ａｂｃ")]
    [InlineData("١٢٣")]
    [InlineData("a b")]
    [InlineData("a\n")]
    [InlineData("a\0")]
    [InlineData("a:b")]
    [InlineData("a\\b")]
    [InlineData(" a")]
    public void ORG1_malformed_ids_are_refused_with_the_field_named(string id)
    {
        Assert.False(Ids.IsValid(id));

        var error = Assert.Throws<DomainException>(() => Ids.Require(id, "unit_id"));
        var optional = Assert.Throws<DomainException>(() => Ids.Optional(id, "parent_unit_id"));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("unit_id", error.Field);
        Assert.Equal("parent_unit_id", optional.Field);
    }

    [Theory, Trait("Rule", "ORG-1")]
    [InlineData(null)]
    [InlineData("")]
    public void ORG1_a_missing_id_is_required_but_optional_ids_may_be_empty(string? id)
    {
        var error = Assert.Throws<DomainException>(() => Ids.Require(id, "user_id"));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("user_id", error.Field);
        Assert.Null(Ids.Optional(id, "user_id"));
    }

    [Fact, Trait("Rule", "ORG-1")]
    public void ORG1_new_ids_are_valid_and_distinct()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => Ids.NewId()).ToArray();

        Assert.All(ids, id => Assert.True(Ids.IsValid(id)));
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory, Trait("Rule", "ROLE-1")]
    [InlineData("members.invite")]
    [InlineData("privacy.register.read")]
    [InlineData("a")]
    [InlineData("a1_b.c_2.3")]
    [InlineData("admin.users.impersonate")]
    public void ROLE1_well_formed_permission_ids_are_accepted(string permissionId)
    {
        Assert.Equal(permissionId, Ids.RequirePermission(permissionId, "permission_id"));
    }

    [Theory, Trait("Rule", "ROLE-1")]
    [InlineData("Members.invite")]
    [InlineData("members.Invite")]
    [InlineData("members..invite")]
    [InlineData(".members")]
    [InlineData("members.")]
    [InlineData("1members")]
    [InlineData("_members")]
    [InlineData("members-invite")]
    [InlineData("members invite")]
    [InlineData("members/invite")]
    [InlineData("members.invite\n")]
    [InlineData("permessi.modificà")]
    [InlineData("")]
    [InlineData(null)]
    public void ROLE1_malformed_permission_ids_are_refused(string? permissionId)
    {
        var error = Assert.Throws<DomainException>(() => Ids.RequirePermission(permissionId, "permission_ids[0]"));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("permission_ids[0]", error.Field);
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_permission_ids_are_at_most_128_characters()
    {
        var longest = "a" + new string('b', Ids.MaxPermissionIdLength - 1);

        var error = Assert.Throws<DomainException>(() => Ids.RequirePermission(longest + "b", "permission_id"));

        Assert.Equal(Ids.MaxPermissionIdLength, longest.Length);
        Assert.Equal(longest, Ids.RequirePermission(longest, "permission_id"));
        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("permission_id", error.Field);
    }

    [Theory, Trait("Rule", "USR-1")]
    [InlineData("ada@example.org", "ada@example.org")]
    [InlineData("  ada@example.org ", "ada@example.org")]
    [InlineData("ada.lovelace+test@mail.example.co.uk", "ada.lovelace+test@mail.example.co.uk")]
    [InlineData("Mario.Rossi@scuola.istruzione.it", "Mario.Rossi@scuola.istruzione.it")]
    public void USR1_plain_email_addresses_are_accepted_trimmed(string email, string expected)
    {
        Assert.Equal(expected, Ids.RequireEmail(email, "email"));
    }

    [Theory, Trait("Rule", "USR-1")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ada")]
    [InlineData("ada@")]
    [InlineData("@example.org")]
    [InlineData("ada@localhost")]
    [InlineData("Ada <ada@example.org>")]
    [InlineData("\"Ada\" <ada@example.org>")]
    [InlineData("ada@@example.org")]
    [InlineData("ada@example.org, bob@example.org")]
    [InlineData("ada@-example.org")]
    [InlineData("ada@exa_mple.org")]
    [InlineData("ada@example.org.")]
    [InlineData("ada@[1.2.3.4]")]
    [InlineData("\"ada lovelace\"@example.org")]
    [InlineData("ada..lovelace@example.org")]
    public void USR1_anything_but_a_plain_email_address_is_refused(string? email)
    {
        var error = Assert.Throws<DomainException>(() => Ids.RequireEmail(email, "email"));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("email", error.Field);
    }

    [Fact, Trait("Rule", "USR-1")]
    public void USR1_an_email_longer_than_the_maximum_is_refused()
    {
        var email = new string('a', 60) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".org";
        Assert.True(email.Length > Ids.MaxEmailLength);

        var error = Assert.Throws<DomainException>(() => Ids.RequireEmail(email, "email"));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("email", error.Field);
    }

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_require_list_answers_distinct_values_in_first_order()
    {
        var values = Ids.RequireList(["reader", "editor", "reader", "admin", "editor"], "role_ids", 1, 10, Ids.Require);

        Assert.Equal(["reader", "editor", "admin"], values);
        Assert.Empty(Ids.RequireList([], "role_ids", 0, 10, Ids.Require));
    }

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_require_list_names_the_bad_element()
    {
        var error = Assert.Throws<DomainException>(() => Ids.RequireList(["reader", "editor", "bad/role", "x"], "role_ids", 1, 10, Ids.Require));
        var permission = Assert.Throws<DomainException>(() => Ids.RequireList(["a.b", "A.B"], "permission_ids", 0, 10, Ids.RequirePermission));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("role_ids[2]", error.Field);
        Assert.Equal("permission_ids[1]", permission.Field);
    }

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_require_list_refuses_too_few_or_too_many_values()
    {
        var tooFew = Assert.Throws<DomainException>(() => Ids.RequireList([], "user_ids", 1, 3, Ids.Require));
        var tooMany = Assert.Throws<DomainException>(() => Ids.RequireList(["a", "b", "c", "d"], "user_ids", 1, 3, Ids.Require));
        var tooManyOptional = Assert.Throws<DomainException>(() => Ids.RequireList(["a", "b"], "unit_ids", 0, 1, Ids.Require));

        Assert.Equal(DomainError.InvalidArgument, tooFew.Error);
        Assert.Equal("user_ids", tooFew.Field);
        Assert.Equal("user_ids", tooMany.Field);
        Assert.Equal("unit_ids", tooManyOptional.Field);
        Assert.Equal(["a", "b", "c"], Ids.RequireList(["a", "b", "c"], "user_ids", 1, 3, Ids.Require));
    }
}
