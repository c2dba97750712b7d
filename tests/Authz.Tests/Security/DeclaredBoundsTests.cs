using Authz.Api.Bench.V1;
using Authz.Gateway.Services;
using Authz.Grains.Domain;
using Google.Protobuf.Reflection;

namespace Authz.Tests.Security;

/// <summary>
/// The bounds the protos declare (<c>buf.validate</c>): every string and list a request can carry has one, and each
/// is the limit the domain already enforces, so the contract and the rules never disagree.
/// </summary>
public sealed class DeclaredBoundsTests
{
    /// <summary>Bounds of the contract alone: the domain checks these values' form, which implies no shorter length.</summary>
    private static readonly Dictionary<string, int> ContractOnlyLengths = new(StringComparer.Ordinal)
    {
        // A link token is 43 characters.
        ["token"] = 256,
        // The longest CIDR block, an IPv4-mapped IPv6 one, is 49 characters.
        ["allowed_networks"] = 64,
        // The longest DNS name.
        ["trusted_email_domains"] = 253,
    };

    private static IEnumerable<MethodDescriptor> Methods => RpcTable.Methods.Concat(NullChecksReflection.Descriptor.Services[0].Methods);

    private static IEnumerable<DeclaredBound> Bounds => DeclaredBound.Of(Methods);

    [Fact]
    public void Every_string_field_of_every_request_declares_a_max_length()
    {
        var unbounded = Bounds.Where(bound => bound.Field.FieldType == FieldType.String && bound.MaxLength is null).Select(bound => bound.ToString()).ToArray();

        Assert.True(unbounded.Length == 0, "no (buf.validate.field).string.max_len on: " + string.Join(", ", unbounded));
    }

    [Fact]
    public void Every_repeated_field_of_every_request_declares_a_max_item_count()
    {
        var unbounded = Bounds.Where(bound => bound.Field.IsRepeated && bound.MaxItems is null).Select(bound => bound.ToString()).ToArray();

        Assert.True(unbounded.Length == 0, "no (buf.validate.field).repeated.max_items on: " + string.Join(", ", unbounded));
    }

    [Fact]
    public void Each_declared_bound_is_the_limit_the_domain_enforces()
    {
        var disagreements = new List<string>();
        foreach (var bound in Bounds)
        {
            if (bound.MaxLength is { } length && (ulong)ExpectedLength(bound) != length)
            {
                disagreements.Add($"{bound}: max_len {length}, the domain's limit is {ExpectedLength(bound)}");
            }

            if (bound.MaxItems is { } items && (ulong)ExpectedItems(bound) != items)
            {
                disagreements.Add($"{bound}: max_items {items}, the domain's limit is {ExpectedItems(bound)}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements));
    }

    private static int ExpectedLength(DeclaredBound bound) => bound.Field.Name switch
    {
        var name when ContractOnlyLengths.TryGetValue(name, out var length) => length,
        "display_name" when bound.Field.ContainingType.Name is "CreateRoleRequest" or "RenameRoleRequest" => Ids.MaxPersonNameLength,
        "permission_id" or "permission_ids" => Ids.MaxPermissionIdLength,
        var name when name.EndsWith("_id", StringComparison.Ordinal) || name.EndsWith("_ids", StringComparison.Ordinal) => Ids.MaxIdLength,
        "file_editing_apps" => Ids.MaxIdLength,
        "email" => Ids.MaxEmailLength,
        "given_name" or "family_name" => Ids.MaxPersonNameLength,
        "display_name" or "name" => Ids.MaxDisplayNameLength,
        "description" => PermissionsService.MaxDescriptionLength,
        "password" => OrganizationSettings.MaxPasswordLength,
        "query" => UserDirectory.MaxQueryLength,
        "page_token" => PageToken.MaxLength,
        "revision_token" => RevisionTokenCodec.MaxLength,
        _ => throw new InvalidOperationException($"{bound}: no known limit; add the domain's one here"),
    };

    private static int ExpectedItems(DeclaredBound bound) => (bound.Method.InputType.Name, bound.Field.Name) switch
    {
        (_, "items") => ChecksService.MaxBatchItems,
        (_, "role_ids" or "add_role_ids" or "remove_role_ids") => UnitAssignments.MaxRolesPerUser,
        (_, "permission_ids") => RoleCatalog.MaxPermissionsPerRole,
        (_, "organization_ids") => ApiKeysService.MaxOrganizationsPerKey,
        (_, "legal_representative_user_ids" or "super_administrator_user_ids") => Officers.MaxPerList,
        (_, "allowed_networks" or "file_editing_apps" or "trusted_email_domains") => OrganizationSettings.MaxListEntries,
        (_, "invitees") => UsersService.MaxInvitees,
        ("PlaceLegalHoldRequest", "user_ids") => Authz.Grains.Domain.LegalHolds.MaxUsersPerHold,
        (_, "unit_ids" or "user_ids") => AssignmentsService.MaxFilterIds,
        // One add-on exists; a few repeats are harmless.
        (_, "add_ons") => 10,
        _ => throw new InvalidOperationException($"{bound}: no known limit; add the domain's one here"),
    };
}
