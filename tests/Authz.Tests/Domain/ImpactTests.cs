using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class ImpactTests
{
    private static DateTimeOffset Now => DomainFixtures.Now;

    private static RoleTable Table()
    {
        var catalog = DomainFixtures.CatalogWithApplicationPermissions();
        catalog.CreateRole("reader", "Reader", ["documents.read"], Now);
        catalog.CreateRole("writer", "Writer", ["documents.write"], Now);
        catalog.CreateRole("editor", "Editor", ["documents.read", "documents.write"], Now);
        catalog.CreateRole("inviter", "Inviter", ["members.invite"], Now);
        return catalog.Compile();
    }

    private static HeldRole[] Open(params string[] roleIds) => roleIds.Select(roleId => new HeldRole(roleId)).ToArray();

    private static PermissionChange? Between(HeldRole[] before, HeldRole[] after, DateTimeOffset? now = null)
    {
        var table = Table();
        return PermissionChange.Between("unit-a", "ada", table, before, table, after, now ?? Now);
    }

    private static PermissionChange Change(string unitId, string userId) => new(unitId, userId, ["documents.read"], []);

    private static void AssertChange(PermissionChange? change, string[] gained, string[] lost)
    {
        Assert.NotNull(change);
        Assert.Equal("unit-a", change.UnitId);
        Assert.Equal("ada", change.UserId);
        Assert.Equal(gained, change.Gained);
        Assert.Equal(lost, change.Lost);
    }

    private static string[] Keys(IEnumerable<PermissionChange> changes) => changes.Select(change => $"{change.UnitId}/{change.UserId}").ToArray();

    // ---- PermissionChange.Between ----

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_between_answers_the_permissions_gained_and_lost_in_order()
    {
        AssertChange(Between(Open("inviter", "reader"), Open("editor")), ["documents.write"], ["members.invite"]);
        AssertChange(Between([], Open("inviter", "editor")), ["documents.read", "documents.write", "members.invite"], []);
        AssertChange(Between(Open("editor", "inviter"), []), [], ["documents.read", "documents.write", "members.invite"]);
        AssertChange(Between(Open(AdminRoleMatrix.TeamAdmin), Open(AdminRoleMatrix.TeamAdmin, "reader")), ["documents.read"], []);
        AssertChange(Between(Open("reader"), Open("writer")), ["documents.write"], ["documents.read"]);
    }

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_between_is_null_when_the_permissions_in_effect_stay_the_same()
    {
        Assert.Null(Between([], []));
        Assert.Null(Between(Open("reader"), Open("reader")));
        Assert.Null(Between(Open("editor"), Open("reader", "writer")));
        Assert.Null(Between(Open("reader"), Open("no-such-role", "reader")));
        Assert.Null(Between(Open("no-such-role"), []));
    }

    [Fact, Trait("Rule", "TIME")]
    public void TIME_between_honours_the_windows_at_the_moment_given()
    {
        var until = Now.AddHours(1);
        HeldRole[] expiring = [new("reader", null, until)];
        HeldRole[] future = [new("writer", until)];

        Assert.Null(Between(expiring, Open("reader")));
        AssertChange(Between(expiring, Open("reader"), until), ["documents.read"], []);
        Assert.Null(Between([], future));
        AssertChange(Between([], future, until), ["documents.write"], []);
        AssertChange(Between(Open("writer"), future), [], ["documents.write"]);
        Assert.Null(Between([new("reader", Now.AddHours(-2), Now.AddHours(-1))], []));
    }

    [Fact, Trait("Rule", "ROLE-3")]
    public void ROLE3_between_compares_the_same_roles_under_two_tables()
    {
        var before = Table();
        var after = before.WithPermissions("reader", ["members.invite", "documents.write"]);

        var change = PermissionChange.Between("unit-a", "ada", before, Open("reader"), after, Open("reader"), Now);
        var unaffected = PermissionChange.Between("unit-a", "bob", before, Open("writer"), after, Open("writer"), Now);

        AssertChange(change, ["documents.write", "members.invite"], ["documents.read"]);
        Assert.Null(unaffected);
    }

    // ---- ImpactPage.Of ----

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_an_impact_page_is_ordered_by_unit_then_user_and_counts_everything()
    {
        PermissionChange[] changes =
        [
            Change("u2", "bob"),
            Change("u1", "cy"),
            Change("u10", "ada"),
            Change("u1", "ada"),
            Change("U3", "bob"),
            Change("u2", "Ada"),
        ];

        var page = ImpactPage.Of(changes, null, 100);

        Assert.Equal(["U3/bob", "u1/ada", "u1/cy", "u10/ada", "u2/Ada", "u2/bob"], Keys(page.Changes));
        Assert.Equal(6, page.TotalCount);
        Assert.Equal(4, page.UsersAffected);
        Assert.Equal(4, page.UnitsAffected);
        Assert.Null(page.NextPageToken);
    }

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_no_changes_is_an_empty_page()
    {
        var page = ImpactPage.Of([], null, 10);

        Assert.Empty(page.Changes);
        Assert.Equal(0, page.TotalCount);
        Assert.Equal(0, page.UsersAffected);
        Assert.Equal(0, page.UnitsAffected);
        Assert.Null(page.NextPageToken);
        Assert.Empty(ImpactPage.None.Changes);
        Assert.Equal(0, ImpactPage.None.TotalCount);
        Assert.Null(ImpactPage.None.NextPageToken);
    }

    [Theory, Trait("Rule", "ASG-4")]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    public void ASG4_paging_with_tokens_walks_every_change_once_to_the_end(int pageSize)
    {
        var changes = new[] { "c", "a", "b" }
            .SelectMany(unitId => new[] { "zed", "ada", "mia" }.Select(userId => Change(unitId, userId)))
            .Where(change => change.UnitId != "b" || change.UserId != "mia")
            .ToArray();
        var expected = Keys(changes.OrderBy(change => change.UnitId, StringComparer.Ordinal).ThenBy(change => change.UserId, StringComparer.Ordinal));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = ImpactPage.Of(changes, token, pageSize);
            Assert.Equal(8, page.TotalCount);
            Assert.Equal(3, page.UsersAffected);
            Assert.Equal(3, page.UnitsAffected);
            Assert.InRange(page.Changes.Length, 1, pageSize);
            seen.AddRange(Keys(page.Changes));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null && pages <= changes.Length);

        Assert.Equal(expected, seen);
        Assert.Equal((changes.Length + pageSize - 1) / pageSize, pages);
    }

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_a_page_token_is_a_position_so_paging_survives_changes_between_pages()
    {
        PermissionChange[] changes = [Change("a", "ada"), Change("a", "bob"), Change("b", "ada"), Change("b", "bob")];

        var first = ImpactPage.Of(changes, null, 2);
        var second = ImpactPage.Of(changes.Where(change => change.UnitId != "a" || change.UserId != "bob"), first.NextPageToken, 2);
        var exact = ImpactPage.Of(changes, first.NextPageToken, 2);

        Assert.Equal(["a/ada", "a/bob"], Keys(first.Changes));
        Assert.NotNull(first.NextPageToken);
        Assert.Equal(["b/ada", "b/bob"], Keys(second.Changes));
        Assert.Equal(3, second.TotalCount);
        Assert.Null(second.NextPageToken);
        Assert.Equal(["b/ada", "b/bob"], Keys(exact.Changes));
        Assert.Null(exact.NextPageToken);
    }

    [Fact, Trait("Rule", "ASG-4")]
    public void ASG4_a_malformed_page_token_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => ImpactPage.Of([Change("a", "ada")], "%%%", 10));
        var wrongShape = Assert.Throws<DomainException>(() => ImpactPage.Of([Change("a", "ada")], PageToken.Encode("a"), 10));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("page_token", error.Field);
        Assert.Equal(DomainError.InvalidArgument, wrongShape.Error);
    }
}
