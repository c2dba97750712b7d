using System.Text;
using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class PageTokenTests
{
    [Fact, Trait("Rule", "USR-5")]
    public void USR5_a_token_decodes_to_the_position_it_encodes()
    {
        string[][] positions =
        [
            ["Lovelace", "Ada", "u1"],
            ["", "", ""],
            ["D'Amico", "Niccolò", "user-ü"],
            ["a+b/c=d", "???", ">>>"],
            ["日本語", "emoji \U0001F600", "x"],
        ];

        foreach (var position in positions)
        {
            var token = PageToken.Encode(position);

            var decoded = PageToken.Decode(token, 3);
            Assert.NotNull(decoded);
            Assert.Equal(position, decoded);
            Assert.DoesNotContain('+', token);
            Assert.DoesNotContain('/', token);
            Assert.DoesNotContain('=', token);
        }

        var single = PageToken.Decode(PageToken.Encode("only"), 1);
        Assert.NotNull(single);
        Assert.Equal(["only"], single);
    }

    [Theory, Trait("Rule", "USR-5")]
    [InlineData(null)]
    [InlineData("")]
    public void USR5_an_empty_token_means_the_first_page(string? token)
    {
        Assert.Null(PageToken.Decode(token, 3));
    }

    [Theory, Trait("Rule", "USR-5")]
    [InlineData("not a token")]
    [InlineData("%%%")]
    [InlineData("a")]
    [InlineData("abcde")]
    [InlineData("aGVsbG8")]
    [InlineData("aGVsbG8=")]
    public void USR5_a_malformed_token_is_refused(string token)
    {
        var error = Assert.Throws<DomainException>(() => PageToken.Decode(token, 3));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("page_token", error.Field);
    }

    [Fact, Trait("Rule", "USR-5")]
    public void USR5_a_token_with_another_number_of_parts_or_marker_is_refused()
    {
        var twoParts = PageToken.Encode("a", "b");
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\u001f', "authz.page.v0", "a", "b", "c")));
        var bare = Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\u001f', "a", "b", "c")));

        Assert.Equal(DomainError.InvalidArgument, Assert.Throws<DomainException>(() => PageToken.Decode(twoParts, 3)).Error);
        Assert.Equal(DomainError.InvalidArgument, Assert.Throws<DomainException>(() => PageToken.Decode(twoParts, 1)).Error);
        Assert.Equal("page_token", Assert.Throws<DomainException>(() => PageToken.Decode(forged, 3)).Field);
        Assert.Equal("page_token", Assert.Throws<DomainException>(() => PageToken.Decode(bare, 2)).Field);
        Assert.Equal("page_token", Assert.Throws<DomainException>(() => PageToken.Decode(bare, 3)).Field);
    }

    [Fact, Trait("Rule", "ASG-5")]
    public void ASG5_page_size_zero_means_the_default_and_sizes_within_bounds_are_kept()
    {
        Assert.Equal(50, PageToken.Size(0, 50));
        Assert.Equal(1, PageToken.Size(1, 50));
        Assert.Equal(1000, PageToken.Size(1000, 50));
        Assert.Equal(20, PageToken.Size(20, 50, max: 20));
    }

    [Theory, Trait("Rule", "ASG-5")]
    [InlineData(-1, 1000)]
    [InlineData(int.MinValue, 1000)]
    [InlineData(1001, 1000)]
    [InlineData(int.MaxValue, 1000)]
    [InlineData(21, 20)]
    public void ASG5_page_sizes_out_of_bounds_are_refused(int requested, int max)
    {
        var error = Assert.Throws<DomainException>(() => PageToken.Size(requested, 10, max));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("page_size", error.Field);
    }
}
