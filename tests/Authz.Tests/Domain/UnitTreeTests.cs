using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class UnitTreeTests
{
    private static void Add(UnitTree tree, string unitId, string? parentId, OrganizationStructure structure = OrganizationStructure.Hierarchical)
    {
        tree.RequireCanAdd(unitId, parentId, structure);
        tree.Add(unitId, $"Unit {unitId}", parentId);
    }

    [Fact, Trait("Rule", "INH-1")]
    public void INH1_units_form_a_tree_of_roots_and_children()
    {
        var tree = new UnitTree();

        Add(tree, "school", null);
        Add(tree, "class-a", "school");
        Add(tree, "class-b", "school");
        Add(tree, "group-1", "class-a");

        Assert.Equal(4, tree.Units.Count);
        Assert.Null(tree.Get("school").ParentId);
        Assert.Equal("school", tree.Get("class-a").ParentId);
        Assert.Equal("class-a", tree.Get("group-1").ParentId);
        Assert.Equal("Unit group-1", tree.Get("group-1").DisplayName);
        Assert.True(tree.Contains("class-b"));
        Assert.False(tree.Contains("class-c"));
        Assert.Equal(new UnitView("school", "Unit school", null, 0, 2), tree.View("school"));
        Assert.Equal(new UnitView("class-a", "Unit class-a", "school", 1, 1), tree.View("class-a"));
        Assert.Equal(new UnitView("group-1", "Unit group-1", "class-a", 2, 0), tree.View("group-1"));
    }

    [Fact, Trait("Rule", "ORG-3")]
    public void ORG3_a_flat_organization_refuses_a_parent_unit()
    {
        var tree = new UnitTree();
        Add(tree, "office-1", null, OrganizationStructure.Flat);
        Add(tree, "office-2", null, OrganizationStructure.Flat);

        var error = Assert.Throws<DomainException>(() => tree.RequireCanAdd("office-3", "office-1", OrganizationStructure.Flat));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(2, tree.Units.Count);
        Assert.All(tree.InTreeOrder(), view => Assert.Equal(0, view.Depth));
    }

    [Fact, Trait("Rule", "INH-1")]
    public void INH1_an_unknown_parent_is_refused()
    {
        var tree = new UnitTree();
        Add(tree, "root", null);

        var error = Assert.Throws<DomainException>(() => tree.RequireCanAdd("child", "missing", OrganizationStructure.Hierarchical));

        Assert.Equal(DomainError.NotFound, error.Error);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
        Assert.False(tree.Contains("child"));
    }

    [Fact, Trait("Rule", "INH-1")]
    public void INH1_a_duplicate_unit_id_is_refused()
    {
        var tree = new UnitTree();
        Add(tree, "root", null);
        Add(tree, "child", "root");

        var asRoot = Assert.Throws<DomainException>(() => tree.RequireCanAdd("child", null, OrganizationStructure.Hierarchical));
        var elsewhere = Assert.Throws<DomainException>(() => tree.RequireCanAdd("root", "child", OrganizationStructure.Hierarchical));
        var flat = Assert.Throws<DomainException>(() => tree.RequireCanAdd("root", null, OrganizationStructure.Flat));

        Assert.Equal(DomainError.AlreadyExists, asRoot.Error);
        Assert.Equal(DomainError.AlreadyExists, elsewhere.Error);
        Assert.Equal(DomainError.AlreadyExists, flat.Error);
        Assert.Equal("root", tree.Get("child").ParentId);
    }

    [Fact, Trait("Rule", "INH-1")]
    public void INH1_a_unit_with_children_cannot_be_removed()
    {
        var tree = new UnitTree();
        Add(tree, "root", null);
        Add(tree, "child", "root");

        var error = Assert.Throws<DomainException>(() => tree.RequireNoChildren("root"));
        tree.RequireNoChildren("child");
        var unknown = Assert.Throws<DomainException>(() => tree.RequireNoChildren("missing"));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(DomainError.NotFound, unknown.Error);

        tree.Remove("child");
        tree.RequireNoChildren("root");
        tree.Remove("root");
        Assert.Empty(tree.Units);
    }

    [Fact, Trait("Rule", "INH-1")]
    public void INH1_get_and_rename_of_an_unknown_unit_are_not_found()
    {
        var tree = new UnitTree();
        Add(tree, "root", null);

        tree.Rename("root", "Head office");

        Assert.Equal("Head office", tree.Get("root").DisplayName);
        Assert.Equal(DomainError.NotFound, Assert.Throws<DomainException>(() => tree.Get("missing")).Error);
        Assert.Equal(DomainError.NotFound, Assert.Throws<DomainException>(() => tree.Rename("missing", "X")).Error);
        Assert.Equal(DomainError.NotFound, Assert.Throws<DomainException>(() => tree.View("missing")).Error);
        Assert.False(tree.Contains("missing"));
    }

    [Fact, Trait("Rule", "INH-1")]
    public void INH1_tree_order_lists_each_unit_after_its_parent_with_siblings_by_id_across_several_roots()
    {
        var tree = new UnitTree();
        // Added in an order that is neither tree order nor id order.
        Add(tree, "zeta", null);
        Add(tree, "alpha", null);
        Add(tree, "z-child", "alpha");
        Add(tree, "b-child", "alpha");
        Add(tree, "m-root", null);
        Add(tree, "b-grandchild-2", "b-child");
        Add(tree, "b-grandchild-1", "b-child");
        Add(tree, "zeta-child", "zeta");
        Add(tree, "a-child", "alpha");
        Add(tree, "deep", "b-grandchild-2");

        var views = tree.InTreeOrder();

        Assert.Equal(
            [
                new UnitView("alpha", "Unit alpha", null, 0, 3),
                new UnitView("a-child", "Unit a-child", "alpha", 1, 0),
                new UnitView("b-child", "Unit b-child", "alpha", 1, 2),
                new UnitView("b-grandchild-1", "Unit b-grandchild-1", "b-child", 2, 0),
                new UnitView("b-grandchild-2", "Unit b-grandchild-2", "b-child", 2, 1),
                new UnitView("deep", "Unit deep", "b-grandchild-2", 3, 0),
                new UnitView("z-child", "Unit z-child", "alpha", 1, 0),
                new UnitView("m-root", "Unit m-root", null, 0, 0),
                new UnitView("zeta", "Unit zeta", null, 0, 1),
                new UnitView("zeta-child", "Unit zeta-child", "zeta", 1, 0),
            ],
            views);
        Assert.All(views, view => Assert.Equal(tree.View(view.UnitId), view));
    }

    [Fact, Trait("Rule", "INH-1")]
    public void INH1_tree_order_of_a_larger_tree_keeps_every_unit_after_its_parent_and_lists_each_once()
    {
        var tree = new UnitTree();
        var random = new Random(20250301);
        var ids = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var id = $"u{random.Next(1_000_000):D6}-{i}";
            var parent = ids.Count == 0 || random.Next(10) == 0 ? null : ids[random.Next(ids.Count)];
            Add(tree, id, parent);
            ids.Add(id);
        }

        var views = tree.InTreeOrder();

        Assert.Equal(ids.Order(StringComparer.Ordinal), views.Select(view => view.UnitId).Order(StringComparer.Ordinal));
        var position = views.Select((view, index) => (view.UnitId, index)).ToDictionary(entry => entry.UnitId, entry => entry.index);
        foreach (var view in views)
        {
            if (view.ParentId is null)
            {
                Assert.Equal(0, view.Depth);
            }
            else
            {
                Assert.True(position[view.ParentId] < position[view.UnitId]);
                Assert.Equal(views[position[view.ParentId]].Depth + 1, view.Depth);
            }

            Assert.Equal(views.Count(other => other.ParentId == view.UnitId), view.ChildCount);
            var siblings = views.Where(other => other.ParentId == view.ParentId).Select(other => other.UnitId).ToArray();
            Assert.Equal(siblings.Order(StringComparer.Ordinal), siblings);
        }
    }

    [Fact, Trait("Rule", "INH-1")]
    public void INH1_an_empty_tree_lists_nothing()
    {
        Assert.Empty(new UnitTree().InTreeOrder());
    }
}
