using System.Text.RegularExpressions;

namespace Authz.Grains.Domain;

/// <summary>
/// Validation of every identifier that enters the system (names: <see cref="DisplayText"/>). Ids never contain '/', so an id can
/// never be made to address another organization's grain (ORG-1).
/// </summary>
public static partial class Ids
{
    public const int MaxIdLength = 64;
    public const int MaxPermissionIdLength = 128;
    public const int MaxDisplayNameLength = 200;
    public const int MaxPersonNameLength = 100;
    public const int MaxEmailLength = 254;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*\\z")]
    private static partial Regex PermissionIdPattern();

    [GeneratedRegex("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}\\z")]
    private static partial Regex EmailPattern();

    /// <summary>Throws InvalidArgument naming <paramref name="field"/> unless <paramref name="value"/> is a well-formed id.</summary>
    public static string Require(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw DomainException.Invalid(field, $"{field} is required");
        }

        if (!IsValid(value))
        {
            throw DomainException.Invalid(field, $"{field} must be 1-{MaxIdLength} letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        return value;
    }

    /// <summary>An optional id: empty means "let the server choose".</summary>
    public static string? Optional(string? value, string field) => string.IsNullOrEmpty(value) ? null : Require(value, field);

    public static bool IsValid(string value) => value.Length <= MaxIdLength && IdPattern().IsMatch(value);

    public static string RequirePermission(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw DomainException.Invalid(field, $"{field} is required");
        }

        if (value.Length > MaxPermissionIdLength || !PermissionIdPattern().IsMatch(value))
        {
            throw DomainException.Invalid(field, $"{field} must be lower-case dot-separated words of letters, digits and '_' (at most {MaxPermissionIdLength} characters), e.g. privacy.register.read");
        }

        return value;
    }

    public static string RequireEmail(string? value, string field)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw DomainException.Invalid(field, $"{field} is required");
        }

        if (trimmed.Length > MaxEmailLength || !EmailPattern().IsMatch(trimmed))
        {
            throw DomainException.Invalid(field, $"{field} must be a plain e-mail address such as ada@example.org");
        }

        return trimmed;
    }

    /// <summary>
    /// Validates each element with <paramref name="validate"/> (which names <c>field[i]</c>) and the count;
    /// answers the distinct values in their first order.
    /// </summary>
    public static string[] RequireList(IReadOnlyList<string> values, string field, int min, int max, Func<string?, string, string> validate)
    {
        if (values.Count < min || values.Count > max)
        {
            throw DomainException.Invalid(field, min == 0 ? $"{field} holds at most {max} values" : $"{field} must hold {min} to {max} values");
        }

        for (var i = 0; i < values.Count; i++)
        {
            validate(values[i], $"{field}[{i}]");
        }

        return values.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>A fresh id for a resource created without one.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N")[..16];
}
