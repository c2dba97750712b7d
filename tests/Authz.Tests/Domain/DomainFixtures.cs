using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

/// <summary>The clock and catalog the domain tests start from.</summary>
internal static class DomainFixtures
{
    public static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The predefined roles plus documents.read, documents.write and members.invite.</summary>
    public static RoleCatalog CatalogWithApplicationPermissions()
    {
        var catalog = RoleCatalog.WithPredefinedRoles(Now, [AddOn.DataGovernance]);
        catalog.AddApplicationPermission("documents.read", "Read documents");
        catalog.AddApplicationPermission("documents.write", "Write documents");
        catalog.AddApplicationPermission("members.invite", "Invite members");
        return catalog;
    }
}
