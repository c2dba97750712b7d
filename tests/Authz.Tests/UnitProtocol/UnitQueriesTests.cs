using Authz.Grains.Domain;
using Authz.Grains.Units;
using Authz.Tests.Domain;

namespace Authz.Tests.UnitProtocol;

public sealed class UnitQueriesTests
{
    private static DateTimeOffset Now => DomainFixtures.Now;

    private static RoleTable Table()
    {
        var catalog = DomainFixtures.CatalogWithApplicationPermissions();
        catalog.CreateRole("reader", "Reader", ["documents.read"], Now);
        catalog.CreateRole("writer", "Writer", ["documents.write"], Now);
        return catalog.Compile();
    }

    private static UnitQueries Queries(params (string UserId, string RoleId)[] holdings)
    {
        var assignments = new UnitAssignments();
        foreach (var (userId, roleId) in holdings)
        {
            assignments.Commit(new Mutation(userId, null, new RoleHolding([new HeldRole(roleId)]), null));
        }

        return new UnitQueries("north", assignments, UnitPermissions.Compile(assignments, Table()));
    }

    [Fact]
    public void An_assignment_names_its_roles_by_their_display_names_and_a_user_without_roles_has_none()
    {
        var queries = Queries(("ada", "reader"));

        var ada = queries.Of("ada");
        Assert.Equal("north", ada.UnitId);
        Assert.Equal("Reader", Assert.Single(ada.Roles).DisplayName);
        Assert.Empty(queries.Of("bob").Roles);
        Assert.Null(queries.Find("bob"));
    }

    [Fact]
    public void Assignments_are_listed_by_user_id_after_the_last_one_seen_and_only_of_the_users_asked_for()
    {
        var queries = Queries(("cy", "reader"), ("ada", "reader"), ("bob", "writer"));

        Assert.Equal(["ada", "bob"], queries.List(null, 2, null).Select(view => view.UserId));
        Assert.Equal(["cy"], queries.List("bob", 10, null).Select(view => view.UserId));
        Assert.Equal(["ada", "cy"], queries.List(null, 10, ["cy", "ada", "dan"]).Select(view => view.UserId));
    }

    [Fact]
    public void Checks_are_answered_in_order_and_an_unknown_permission_is_named_as_such()
    {
        var queries = Queries(("ada", "reader"));

        Assert.Equal(
            [CheckOutcome.Allowed, CheckOutcome.Denied, CheckOutcome.Denied],
            queries.Check([new UserCheck("ada", "documents.read"), new UserCheck("ada", "documents.write"), new UserCheck("bob", "documents.read")], Now));
        Assert.NotEqual(CheckOutcome.Allowed, Assert.Single(queries.Check([new UserCheck("ada", "no.such")], Now)));
        Assert.Equal(DomainError.NotFound, Assert.Throws<DomainException>(() => queries.Explain("ada", "no.such", Now)).Error);
    }

    [Fact]
    public void Users_with_a_permission_come_a_page_at_a_time()
    {
        var queries = Queries(("ada", "reader"), ("bob", "reader"), ("cy", "writer"), ("dan", "reader"));

        var first = queries.LookupUsers("documents.read", null, 2, Now);
        var second = queries.LookupUsers("documents.read", first.UserIds[^1], 2, Now);

        Assert.Equal(["ada", "bob"], first.UserIds);
        Assert.True(first.HasMore);
        Assert.Equal(["dan"], second.UserIds);
        Assert.False(second.HasMore);
    }

    [Fact]
    public void The_impact_of_a_role_table_names_only_the_holders_whose_permissions_change()
    {
        var queries = Queries(("ada", "reader"), ("bob", "writer"));
        var catalog = DomainFixtures.CatalogWithApplicationPermissions();
        catalog.CreateRole("reader", "Reader", ["documents.read", "documents.write"], Now);
        catalog.CreateRole("writer", "Writer", ["documents.write"], Now);

        var change = Assert.Single(queries.ImpactOf(catalog.Compile(), Now));

        Assert.Equal("ada", change.UserId);
        Assert.Equal(["documents.write"], change.Gained);
    }
}
