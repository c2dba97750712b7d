namespace Authz.Grains.Domain;

/// <summary>Add and/or remove roles for several users in several units at once (ASG-4).</summary>
[GenerateSerializer, Immutable, Alias("authz.BulkEdit")]
public sealed record BulkEdit(
    [property: Id(0)] string[] UserIds,
    [property: Id(1)] string[] UnitIds,
    [property: Id(2)] string[] AddRoleIds,
    [property: Id(3)] string[] RemoveRoleIds,
    [property: Id(4)] DateTimeOffset? ValidFrom,
    [property: Id(5)] DateTimeOffset? ValidUntil)
{
    public const int MaxPairs = 100_000;

    /// <summary>InvalidArgument for an edit malformed as a whole; what it names is checked against the organization later.</summary>
    public void Validate()
    {
        if (AddRoleIds.Length + RemoveRoleIds.Length == 0)
        {
            throw DomainException.Invalid("add_role_ids", "a bulk edit adds or removes at least one role");
        }

        if (AddRoleIds.Intersect(RemoveRoleIds, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            throw DomainException.Invalid("remove_role_ids", $"role '{both}' cannot be both added and removed");
        }

        if ((long)UserIds.Length * UnitIds.Length > MaxPairs)
        {
            throw DomainException.Invalid("user_ids", $"a bulk edit covers at most {MaxPairs} user x unit pairs");
        }

        if (AddRoleIds.Length == 0 && (ValidFrom is not null || ValidUntil is not null))
        {
            throw DomainException.Invalid("valid_until", "a time window applies to roles added: add_role_ids is empty");
        }

        if (ValidFrom is { } from && ValidUntil is { } until && from >= until)
        {
            throw DomainException.Invalid("valid_until", "valid_until must be after valid_from");
        }
    }
}
