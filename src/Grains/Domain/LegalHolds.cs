namespace Authz.Grains.Domain;

[GenerateSerializer, Immutable, Alias("authz.LegalHold")]
public sealed record LegalHold(
    [property: Id(0)] string HoldId,
    [property: Id(1)] string Name,
    [property: Id(2)] string[] UserIds,
    [property: Id(3)] DateTimeOffset CreateTime);

/// <summary>Legal holds: while a user is under one, their account and data cannot be deleted.</summary>
[GenerateSerializer, Alias("authz.LegalHolds")]
public sealed class LegalHolds
{
    public const int MaxHolds = 1000;
    public const int MaxUsersPerHold = 1000;

    [Id(0)]
    public Dictionary<string, LegalHold> ById { get; private set; } = new(StringComparer.Ordinal);

    public LegalHold Place(string holdId, string name, string[] userIds, DateTimeOffset now)
    {
        if (ById.ContainsKey(holdId))
        {
            throw DomainException.AlreadyExists($"legal hold '{holdId}' already exists");
        }

        if (ById.Count >= MaxHolds)
        {
            throw DomainException.Precondition($"an organization has at most {MaxHolds} legal holds");
        }

        return ById[holdId] = new LegalHold(holdId, name, userIds.Order(StringComparer.Ordinal).ToArray(), now);
    }

    public void Release(string holdId)
    {
        if (!ById.Remove(holdId))
        {
            throw DomainException.NotFound("legal hold", holdId);
        }
    }

    public LegalHold[] HoldsOn(string userId) => ById.Values.Where(hold => hold.UserIds.Contains(userId, StringComparer.Ordinal)).ToArray();

    public LegalHold[] InOrder => ById.Values.OrderBy(hold => hold.CreateTime).ThenBy(hold => hold.HoldId, StringComparer.Ordinal).ToArray();
}
