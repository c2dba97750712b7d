namespace Authz.Grains.Domain;

/// <summary>
/// The units a caller may see with a permission (ASG-6, ASG-7): every unit when they hold it organization-wide,
/// otherwise the units where they hold it. What a listing or export covers is decided by <see cref="Restrict"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("authz.UnitReach")]
public sealed record UnitReach(
    [property: Id(0)] bool Everywhere,
    [property: Id(1)] string[] UnitIds)
{
    public static UnitReach All { get; } = new(true, []);

    public bool IsEmpty => !Everywhere && UnitIds.Length == 0;

    /// <summary>
    /// The units to cover: those requested, within reach; none requested means every unit within reach. Never an
    /// empty list for a limited reach, which callers would read as "every unit".
    /// </summary>
    public string[] Restrict(string[] requested)
    {
        if (Everywhere)
        {
            return requested;
        }

        var covered = requested.Length == 0 ? UnitIds : requested.Intersect(UnitIds, StringComparer.Ordinal).ToArray();
        return covered.Length > 0
            ? covered
            : throw new DomainException(DomainError.PermissionDenied, "the caller may see none of these units (ASG-7)");
    }
}
