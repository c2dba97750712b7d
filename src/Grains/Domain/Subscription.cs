namespace Authz.Grains.Domain;

/// <summary>An organization's plan and add-ons (ORG-2), which decide the admin roles it may use (ADM-2, ADM-3, ADM-4).</summary>
public sealed record Subscription(Plan Plan, IReadOnlyCollection<AddOn> AddOns)
{
    public bool Has(AddOn addOn) => AddOns.Contains(addOn);
}
