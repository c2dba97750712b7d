using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class UserDirectoryTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static void Add(UserDirectory directory, string userId, string email, string givenName, string familyName, int minutes = 0)
    {
        directory.RequireCanAdd(userId, email);
        directory.Put(new UserProfile(userId, email, givenName, familyName, UserStatus.NotActivated, Now.AddMinutes(minutes)));
    }

    private static UserDirectory Sample()
    {
        var directory = new UserDirectory();
        Add(directory, "u1", "ada.lovelace@example.org", "Ada", "Lovelace", 1);
        Add(directory, "u2", "charles@engine.example.org", "Charles", "Babbage", 2);
        Add(directory, "u3", "grace@navy.example.org", "Grace", "Hopper", 3);
        Add(directory, "u4", "alan@bletchley.example.org", "Alan", "Turing", 4);
        Add(directory, "u5", "augusta@example.org", "Augusta Ada", "King", 5);
        return directory;
    }

    private static string[] Ids(UserPage page) => page.Users.Select(user => user.UserId).ToArray();

    [Fact, Trait("Rule", "USR-5")]
    public void USR5_search_is_partial_and_case_insensitive_over_email_and_names()
    {
        var directory = Sample();

        Assert.Equal(["u1"], Ids(directory.Search("LOVEL", null, 10)));
        Assert.Equal(["u2"], Ids(directory.Search("bAbB", null, 10)));
        Assert.Equal(["u3"], Ids(directory.Search("NAVY.example", null, 10)));
        Assert.Equal(["u2"], Ids(directory.Search("charles@", null, 10)));
        Assert.Equal(["u4"], Ids(directory.Search("alan", null, 10)));
        Assert.Equal(["u5", "u1"], Ids(directory.Search("ada", null, 10)));
        Assert.Equal(["u1"], Ids(directory.Search("ada love", null, 10)));
        Assert.Equal(["u3"], Ids(directory.Search("ACE HOP", null, 10)));
        Assert.Empty(directory.Search("nobody", null, 10).Users);
        Assert.Null(directory.Search("nobody", null, 10).NextPageToken);
    }

    [Fact, Trait("Rule", "USR-5")]
    public void USR5_an_empty_query_lists_every_user_by_family_name_given_name_and_id()
    {
        var directory = Sample();
        Add(directory, "u9", "b.hopper@example.org", "Barbara", "hopper", 6);
        Add(directory, "u7", "g2.hopper@example.org", "Grace", "Hopper", 7);
        Add(directory, "u8", "a@example.org", "Zoe", "Abbott", 8);

        var all = directory.Search(null, null, 100);
        var empty = directory.Search("", null, 100);

        // Family name, then given name (both case-insensitive), then id; the newest user (u8) comes first only by name.
        Assert.Equal(["u8", "u2", "u9", "u3", "u7", "u5", "u1", "u4"], Ids(all));
        Assert.Equal(Ids(all), Ids(empty));
        Assert.Null(all.NextPageToken);
    }

    [Fact, Trait("Rule", "USR-5")]
    public void USR5_new_users_are_not_necessarily_first()
    {
        var directory = Sample();
        Add(directory, "u6", "zara@example.org", "Zara", "Zimmermann", 60);

        var all = directory.Search(null, null, 100);

        Assert.Equal("u6", all.Users[^1].UserId);
        Assert.Equal("u2", all.Users[0].UserId);
    }

    [Fact, Trait("Rule", "USR-5")]
    public void USR5_paging_with_tokens_covers_every_user_exactly_once_in_order()
    {
        var directory = new UserDirectory();
        var random = new Random(42);
        string[] families = ["Rossi", "rossi", "Bianchi", "Verdi", "Esposito", "Romano"];
        string[] givens = ["Luca", "giulia", "Marco", "Sara"];
        for (var i = 0; i < 53; i++)
        {
            Add(directory, $"user-{random.Next(1000):D3}-{i}", $"user{i}@example.org", givens[random.Next(givens.Length)], families[random.Next(families.Length)], i);
        }

        var expected = Ids(directory.Search(null, null, 1000));
        foreach (var pageSize in new[] { 1, 7, 10, 53, 60 })
        {
            var seen = new List<string>();
            string? token = null;
            var pages = 0;
            do
            {
                var page = directory.Search(null, token, pageSize);
                Assert.InRange(page.Users.Length, 0, pageSize);
                seen.AddRange(Ids(page));
                token = page.NextPageToken;
                pages++;
                Assert.True(pages <= 60, "paging does not end");
            }
            while (token is not null);

            Assert.Equal(53, expected.Length);
            Assert.Equal(expected, seen);
            Assert.Equal((53 + pageSize - 1) / pageSize, pages);
        }
    }

    [Fact, Trait("Rule", "USR-5")]
    public void USR5_paging_a_search_keeps_its_position_when_users_are_added_between_pages()
    {
        var directory = Sample();

        var first = directory.Search("a", null, 2);
        Add(directory, "u0", "aaron@example.org", "Aaron", "Aardvark", 10);
        Add(directory, "u6", "zara@example.org", "Zara", "Zimmermann", 11);
        var rest = new List<string>();
        for (var token = first.NextPageToken; token is not null;)
        {
            var page = directory.Search("a", token, 2);
            rest.AddRange(Ids(page));
            token = page.NextPageToken;
        }

        Assert.Equal(["u2", "u3"], Ids(first));
        Assert.Equal(["u5", "u1", "u4", "u6"], rest);
    }

    [Fact, Trait("Rule", "USR-1")]
    public void USR1_a_duplicate_email_is_refused_case_insensitively()
    {
        var directory = Sample();

        var error = Assert.Throws<DomainException>(() => directory.RequireCanAdd("u6", "ADA.Lovelace@Example.ORG"));

        Assert.Equal(DomainError.AlreadyExists, error.Error);
        Assert.Equal(5, directory.Users.Count);
    }

    [Fact, Trait("Rule", "USR-1")]
    public void USR1_a_duplicate_user_id_is_refused()
    {
        var directory = Sample();

        var error = Assert.Throws<DomainException>(() => directory.RequireCanAdd("u1", "someone.else@example.org"));

        Assert.Equal(DomainError.AlreadyExists, error.Error);
        Assert.Equal("ada.lovelace@example.org", directory.Users["u1"].Email);
    }

    [Theory, Trait("Rule", "USR-5")]
    [InlineData("not a token")]
    [InlineData("abcde")]
    [InlineData("aGVsbG8")]
    public void USR5_a_bad_page_token_is_refused(string token)
    {
        var error = Assert.Throws<DomainException>(() => Sample().Search(null, token, 10));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("page_token", error.Field);
    }

    [Fact, Trait("Rule", "USR-5")]
    public void USR5_a_token_of_another_listing_shape_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => Sample().Search(null, PageToken.Encode("only-a-user-id"), 10));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("page_token", error.Field);
    }

    [Fact, Trait("Rule", "USR-5")]
    public void USR5_a_query_longer_than_the_maximum_is_refused()
    {
        var directory = Sample();

        var error = Assert.Throws<DomainException>(() => directory.Search(new string('a', UserDirectory.MaxQueryLength + 1), null, 10));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("query", error.Field);
        Assert.Empty(directory.Search(new string('a', UserDirectory.MaxQueryLength), null, 10).Users);
    }
}
