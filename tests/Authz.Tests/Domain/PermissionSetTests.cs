using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class PermissionSetTests
{
    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_a_set_contains_exactly_its_indexes_including_those_above_64()
    {
        int[] indexes = [0, 1, 63, 64, 65, 127, 128, 1000, 4095];

        var set = PermissionSet.Of(indexes);

        Assert.Equal(indexes.Length, set.Count);
        Assert.All(indexes, index => Assert.True(set.Contains(index)));
        foreach (var absent in new[] { 2, 62, 66, 126, 129, 999, 1001, 4094, 4096, 100_000, -1, int.MinValue, int.MaxValue })
        {
            Assert.False(set.Contains(absent), $"{absent} should not be in the set");
        }
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_duplicates_count_once_and_order_does_not_matter()
    {
        var set = PermissionSet.Of([70, 3, 70, 3, 3, 200]);

        Assert.Equal(3, set.Count);
        Assert.True(set.Contains(3));
        Assert.True(set.Contains(70));
        Assert.True(set.Contains(200));
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_the_empty_set_contains_nothing()
    {
        Assert.Same(PermissionSet.Empty, PermissionSet.Of([]));
        Assert.Equal(0, PermissionSet.Empty.Count);
        Assert.False(PermissionSet.Empty.Contains(0));
        Assert.False(PermissionSet.Empty.Contains(64));
    }

    [Fact, Trait("Rule", "ROLE-1")]
    public void ROLE1_a_negative_index_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PermissionSet.Of([1, -1]));
    }

    [Fact, Trait("Rule", "ASG-1")]
    public void ASG1_union_holds_every_index_of_either_set_and_leaves_both_unchanged()
    {
        var shortSet = PermissionSet.Of([0, 5, 63]);
        var longSet = PermissionSet.Of([5, 64, 300]);

        var union = shortSet.Union(longSet);
        var reversed = longSet.Union(shortSet);

        foreach (var result in new[] { union, reversed })
        {
            Assert.Equal(5, result.Count);
            Assert.All(new[] { 0, 5, 63, 64, 300 }, index => Assert.True(result.Contains(index)));
            Assert.False(result.Contains(1));
            Assert.False(result.Contains(299));
        }

        Assert.Equal(3, shortSet.Count);
        Assert.False(shortSet.Contains(64));
        Assert.Equal(3, longSet.Count);
        Assert.False(longSet.Contains(0));
    }

    [Fact, Trait("Rule", "ASG-1")]
    public void ASG1_union_with_the_empty_set_or_itself_is_the_same_set()
    {
        var set = PermissionSet.Of([1, 130]);

        Assert.Same(set, set.Union(PermissionSet.Empty));
        Assert.Same(set, PermissionSet.Empty.Union(set));
        Assert.Same(set, set.Union(set));
        Assert.Same(PermissionSet.Empty, PermissionSet.Empty.Union(PermissionSet.Empty));
    }

    [Fact, Trait("Rule", "ASG-1")]
    public void ASG1_union_of_many_sets_matches_a_reference_set()
    {
        var random = new Random(7);
        var reference = new HashSet<int>();
        var union = PermissionSet.Empty;
        for (var i = 0; i < 50; i++)
        {
            var indexes = Enumerable.Range(0, random.Next(0, 20)).Select(_ => random.Next(0, 4200)).ToArray();
            reference.UnionWith(indexes);
            union = union.Union(PermissionSet.Of(indexes));
        }

        Assert.Equal(reference.Count, union.Count);
        for (var index = 0; index < 4300; index++)
        {
            Assert.Equal(reference.Contains(index), union.Contains(index));
        }
    }
}
