using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class UnauthenticatedRefusalsTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private static DateTimeOffset Now => DomainFixtures.Now;

    [Fact]
    public void The_first_refusal_of_a_window_is_recorded_and_the_rest_summed_up_when_it_closes()
    {
        var refusals = new UnauthenticatedRefusals(Window, capacity: 10);

        Assert.Equal(RefusalHandling.Record, refusals.Add("acme", "10.0.0.1", Now));
        Assert.All(Enumerable.Range(1, 1999), i => Assert.Equal(RefusalHandling.Counted, refusals.Add("acme", "10.0.0.1", Now.AddSeconds(i % 299))));
        Assert.Empty(refusals.TakeClosed(Now + Window - TimeSpan.FromTicks(1)));

        var summary = Assert.Single(refusals.TakeClosed(Now + Window));
        Assert.Equal(new RefusalSummary("acme", "10.0.0.1", Now, 1999), summary);
        Assert.Equal("1999 more unauthenticated calls from 10.0.0.1 refused since 2025-03-01 09:00:00Z", summary.Describe());
        Assert.Equal(0, refusals.Count);
        Assert.Equal(RefusalHandling.Record, refusals.Add("acme", "10.0.0.1", Now + Window));
    }

    [Fact]
    public void Organizations_and_sources_are_counted_apart_and_a_lone_refusal_leaves_no_summary()
    {
        var refusals = new UnauthenticatedRefusals(Window, capacity: 10);

        Assert.Equal(RefusalHandling.Record, refusals.Add("acme", "10.0.0.1", Now));
        Assert.Equal(RefusalHandling.Record, refusals.Add("acme", "10.0.0.2", Now));
        Assert.Equal(RefusalHandling.Record, refusals.Add("beta", "10.0.0.1", Now));
        Assert.Equal(RefusalHandling.Counted, refusals.Add("beta", "10.0.0.1", Now));

        Assert.Equal([new RefusalSummary("beta", "10.0.0.1", Now, 1)], refusals.TakeClosed(Now + Window));
    }

    [Fact]
    public void A_refusal_after_its_window_ended_opens_a_new_one_and_the_old_summary_still_comes_out()
    {
        var refusals = new UnauthenticatedRefusals(Window, capacity: 10);
        refusals.Add("acme", "10.0.0.1", Now);
        refusals.Add("acme", "10.0.0.1", Now);

        Assert.Equal(RefusalHandling.Record, refusals.Add("acme", "10.0.0.1", Now + Window));
        Assert.Equal([new RefusalSummary("acme", "10.0.0.1", Now, 1)], refusals.TakeClosed(Now + Window));
    }

    [Fact]
    public void Beyond_its_capacity_refusals_of_new_pairs_are_dropped_and_stopping_takes_every_open_window()
    {
        var refusals = new UnauthenticatedRefusals(Window, capacity: 2);
        refusals.Add("acme", "10.0.0.1", Now);
        refusals.Add("acme", "10.0.0.1", Now);
        refusals.Add("acme", "10.0.0.2", Now);

        Assert.Equal(RefusalHandling.Dropped, refusals.Add("acme", "10.0.0.3", Now));
        Assert.Equal(RefusalHandling.Counted, refusals.Add("acme", "10.0.0.2", Now));
        Assert.Equal(2, refusals.Count);
        Assert.Equal(2, refusals.TakeAll().Count);
        Assert.Equal(0, refusals.Count);
    }
}
