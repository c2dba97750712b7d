namespace Authz.Grains.Domain;

/// <summary>
/// The organization's legal representatives and super administrators (ORG-4): one or more of each, users of
/// the organization. Only they may manage partnerships and transfer tokens (PAR-1, PAR-9).
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.Officers")]
public sealed record Officers(
    [property: Id(0)] string[] LegalRepresentatives,
    [property: Id(1)] string[] SuperAdministrators)
{
    public const int MaxPerList = 20;

    /// <summary>A new instance each time: a grain state's default must never be shared, as reading state fills it in place.</summary>
    public static Officers None => new([], []);

    public static Officers Of(IReadOnlyList<string> legalRepresentatives, IReadOnlyList<string> superAdministrators) => new(
        Ids.RequireList(legalRepresentatives, "legal_representative_user_ids", 1, MaxPerList, Ids.Require).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
        Ids.RequireList(superAdministrators, "super_administrator_user_ids", 1, MaxPerList, Ids.Require).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());

    public bool IsLegalRepresentative(string userId) => LegalRepresentatives.Contains(userId, StringComparer.Ordinal);

    public bool IsSuperAdministrator(string userId) => SuperAdministrators.Contains(userId, StringComparer.Ordinal);

    public bool IsOfficer(string userId) => IsLegalRepresentative(userId) || IsSuperAdministrator(userId);

    /// <summary>The officers once the user has left; refused when they are the only legal representative or super administrator (ORG-4).</summary>
    public Officers Without(string userId)
    {
        var remaining = new Officers(
            LegalRepresentatives.Where(id => id != userId).ToArray(),
            SuperAdministrators.Where(id => id != userId).ToArray());
        return remaining.LegalRepresentatives.Length == 0 || remaining.SuperAdministrators.Length == 0
            ? throw DomainException.Precondition(
                $"user '{userId}' is the organization's only legal representative or super administrator and cannot be deleted: name another first (ORG-4)")
            : remaining;
    }

    public bool Equals(Officers? other) =>
        other is not null && LegalRepresentatives.SequenceEqual(other.LegalRepresentatives) && SuperAdministrators.SequenceEqual(other.SuperAdministrators);

    public override int GetHashCode() => HashCode.Combine(string.Join(',', LegalRepresentatives), string.Join(',', SuperAdministrators));
}
