using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class DisplayTextTests
{
    [Fact, Trait("Rule", "USR-1")]
    public void USR1_names_are_trimmed()
    {
        Assert.Equal("Ada", DisplayText.Require("  Ada \t", "given_name"));
        Assert.Equal("Ada Augusta", DisplayText.Require("Ada Augusta", "given_name"));
        Assert.Equal("Niccolò D'Amico", DisplayText.Require(" Niccolò D'Amico ", "family_name"));
        var longest = new string('x', Ids.MaxDisplayNameLength);
        Assert.Equal(longest, DisplayText.Require($"  {longest}  ", "display_name"));
    }

    [Theory, Trait("Rule", "USR-1")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("Ada\nLovelace")]
    [InlineData("Ada\u0007")]
    [InlineData("A\u0000da")]
    [InlineData("Ada\tLovelace")]
    [InlineData("Ada\u001fLovelace")]
    public void USR1_empty_names_and_names_with_control_characters_are_refused(string? name)
    {
        var error = Assert.Throws<DomainException>(() => DisplayText.Require(name, "display_name"));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("display_name", error.Field);
    }

    [Fact, Trait("Rule", "USR-1")]
    public void USR1_names_longer_than_the_maximum_are_refused()
    {
        var display = Assert.Throws<DomainException>(() => DisplayText.Require(new string('x', Ids.MaxDisplayNameLength + 1), "display_name"));
        var person = Assert.Throws<DomainException>(() => DisplayText.Require(new string('x', Ids.MaxPersonNameLength + 1), "given_name", Ids.MaxPersonNameLength));

        Assert.Equal("display_name", display.Field);
        Assert.Equal("given_name", person.Field);
        Assert.Equal(new string('x', Ids.MaxPersonNameLength), DisplayText.Require(new string('x', Ids.MaxPersonNameLength), "given_name", Ids.MaxPersonNameLength));
    }

    public static TheoryData<string> Hidden => new()
    {
        "Reader\u200B",
        "\u202EredaeR",
        "\uFEFFReader",
        "Rea\u200Dder",
        "Rea\u00ADder",
        "Reader\u2060",
        "Reader\u3164",
        "Reader\u2800",
        "Rea\u034Fder",
        "Rea\u2028der",
        "Reader\uE000",
        "\u200B\u200C\u200D",
        "\u3164\u3164",
        "\u0301\u0301",
        "\u00A0\u2003\u3000",
    };

    [Theory, Trait("Rule", "ROLE-6")]
    [MemberData(nameof(Hidden))]
    public void Finding13_invisible_control_format_characters_unpaired_surrogates_and_blank_names_are_refused(string name)
    {
        var error = Assert.Throws<DomainException>(() => DisplayText.Require(name, "display_name"));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("display_name", error.Field);
    }

    [Fact, Trait("Rule", "ROLE-6")]
    public void Finding13_unpaired_surrogates_are_refused_and_paired_ones_kept()
    {
        foreach (var name in new[] { "Reader\uD800", "\uDC00Reader", "Re\uDC00\uD800ader", "\uD83D" })
        {
            var error = Assert.Throws<DomainException>(() => DisplayText.Require(name, "display_name"));
            Assert.Equal(DomainError.InvalidArgument, error.Error);
        }

        Assert.Equal("Reader \uD83D\uDE00", DisplayText.Require("Reader \uD83D\uDE00", "display_name"));
    }

    [Fact, Trait("Rule", "ROLE-6")]
    public void Finding13_names_are_stored_nfkc_normalized_and_scripts_emoji_and_accents_are_kept()
    {
        Assert.Equal("Reader", DisplayText.Require("\uFF32\uFF45\uFF41\uFF44\uFF45\uFF52", "display_name"));
        Assert.Equal("file", DisplayText.Require("\uFB01le", "display_name"));
        Assert.Equal("Café", DisplayText.Require("Cafe\u0301", "display_name"));
        Assert.Equal("Ada Lovelace", DisplayText.Require("Ada\u00A0Lovelace", "display_name"));
        Assert.Equal("Читатель", DisplayText.Require("Читатель", "display_name"));
        Assert.Equal("日本語 \U0001F600", DisplayText.Require("日本語 \U0001F600", "display_name"));
        Assert.Equal("\u2764\uFE0F", DisplayText.Require("\u2764\uFE0F", "display_name"));
    }

    [Fact, Trait("Rule", "ROLE-6")]
    public void Finding13_a_name_that_normalizes_longer_than_the_maximum_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => DisplayText.Require(new string('\uFDFA', 20), "display_name", 100));

        Assert.Equal("display_name", error.Field);
    }

    [Theory, Trait("Rule", "ROLE-6")]
    [InlineData("Reader", "reader")]
    [InlineData("Reader", "READER")]
    [InlineData("Reader", "R\u0435ader")]
    [InlineData("Peace", "\u0420\u0435\u0430\u0441\u0435")]
    [InlineData("Reader", "\uFF32eader")]
    [InlineData("Help desk", "\u0397elp  d\u0435sk")]
    [InlineData("Open", "\u039Fpen")]
    [InlineData("Info", "\u0406nfo")]
    [InlineData("\u2764 team", "\u2764\uFE0F team")]
    public void Finding13_names_that_read_the_same_have_the_same_uniqueness_key(string name, string lookalike)
    {
        Assert.Equal(DisplayText.UniquenessKey(name), DisplayText.UniquenessKey(lookalike));
    }

    [Theory, Trait("Rule", "ROLE-6")]
    [InlineData("Reader", "Readers")]
    [InlineData("Reader", "Réader")]
    [InlineData("Читатель", "Писатель")]
    [InlineData("Help desk", "Helpdesk")]
    public void Finding13_names_that_read_differently_have_different_uniqueness_keys(string name, string other)
    {
        Assert.NotEqual(DisplayText.UniquenessKey(name), DisplayText.UniquenessKey(other));
    }
}
