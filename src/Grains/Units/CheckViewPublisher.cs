namespace Authz.Grains.Units;

/// <summary>
/// Publishes one unit's check view in <see cref="LocalUnitViews"/> so that it is never older than the unit. Every
/// change to what a view copies moves <see cref="Version"/> on and withdraws the published view; a view built from
/// the unit's state at one version is published only while that version is still current.
/// </summary>
public sealed class CheckViewPublisher(LocalUnitViews views, string unitKey)
{
    private UnitCheckView? _published;

    public long Version { get; private set; }

    /// <summary>Whether the published view is of the current version.</summary>
    public bool IsCurrent => _published?.Version == Version;

    /// <summary>Something a view copies has changed: the published view goes, and views built before are refused.</summary>
    public void Changed()
    {
        Version++;
        Withdraw();
    }

    /// <summary>Publishes <paramref name="view"/> if it was built at the current version; answers whether it did.</summary>
    public bool Publish(UnitCheckView view)
    {
        if (view.Version != Version)
        {
            return false;
        }

        _published = view;
        views.Publish(unitKey, view);
        return true;
    }

    public void Withdraw()
    {
        _published = null;
        views.Withdraw(unitKey);
    }
}
