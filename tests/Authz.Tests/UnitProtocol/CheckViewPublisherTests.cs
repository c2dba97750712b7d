using Authz.Grains;
using Authz.Grains.Domain;
using Authz.Grains.Units;

namespace Authz.Tests.UnitProtocol;

public sealed class CheckViewPublisherTests
{
    private const string Acme = "acme";
    private const string Unit = "north";

    private static UnitCheckView ViewAt(long version, long appliedRevision = 0) =>
        new(version, appliedRevision, UnitPermissions.Compile(new UnitAssignments(), RoleTable.Empty));

    [Fact]
    public void A_view_built_at_the_current_version_is_published()
    {
        var views = new LocalUnitViews();
        var publisher = new CheckViewPublisher(views, GrainKeys.Unit(Acme, Unit));
        var view = ViewAt(publisher.Version);

        Assert.True(publisher.Publish(view));

        Assert.True(publisher.IsCurrent);
        Assert.True(views.TryGet(Acme, Unit, out var published));
        Assert.Same(view, published);
    }

    [Fact]
    public void A_change_withdraws_the_published_view_and_a_view_built_before_it_is_refused()
    {
        var views = new LocalUnitViews();
        var publisher = new CheckViewPublisher(views, GrainKeys.Unit(Acme, Unit));
        Assert.True(publisher.Publish(ViewAt(publisher.Version)));
        var builtBefore = ViewAt(publisher.Version);

        publisher.Changed();

        Assert.False(views.TryGet(Acme, Unit, out _));
        Assert.False(publisher.IsCurrent);
        Assert.False(publisher.Publish(builtBefore));
        Assert.False(views.TryGet(Acme, Unit, out _));
        Assert.True(publisher.Publish(ViewAt(publisher.Version)));
        Assert.True(views.TryGet(Acme, Unit, out _));
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void A_view_holds_a_token_up_to_the_revision_it_was_built_with()
    {
        var view = ViewAt(1, appliedRevision: 5);

        Assert.True(view.HasApplied(new RevisionToken(5)));
        Assert.False(view.HasApplied(new RevisionToken(6)));
    }

    [Fact]
    public void Withdrawing_removes_the_view_from_the_silo()
    {
        var views = new LocalUnitViews();
        var publisher = new CheckViewPublisher(views, GrainKeys.Unit(Acme, Unit));
        publisher.Publish(ViewAt(publisher.Version));

        publisher.Withdraw();

        Assert.False(views.TryGet(Acme, Unit, out _));
        Assert.False(publisher.IsCurrent);
    }
}
