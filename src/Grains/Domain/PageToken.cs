using System.Text;

namespace Authz.Grains.Domain;

/// <summary>
/// Opaque keyset page tokens: the position after which the next page starts, as a few strings.
/// Keyset positions stay right when items are added or removed between pages.
/// </summary>
public static class PageToken
{
    /// <summary>Room for the longest position: a family name, a given name and an id.</summary>
    public const int MaxLength = 2048;

    private const char Separator = '\u001f';

    // Leads every token, so text that merely decodes as base64 is not taken for a position.
    private const string Marker = "authz.page.v1";

    public static string Encode(params string[] position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join(Separator, [Marker, .. position]))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The position in <paramref name="token"/>, or null for an empty token; InvalidArgument if malformed.</summary>
    public static string[]? Decode(string? token, int parts)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (token.Length > MaxLength)
        {
            throw DomainException.Invalid("page_token", $"page_token is at most {MaxLength} characters");
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var position = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split(Separator);
            if (position.Length == parts + 1 && position[0] == Marker)
            {
                return position[1..];
            }
        }
        catch (FormatException)
        {
        }

        throw DomainException.Invalid("page_token", "page_token is not a token this listing returned");
    }

    /// <summary>The page size asked for, or <paramref name="defaultSize"/> for 0; InvalidArgument outside 0..max.</summary>
    public static int Size(int requested, int defaultSize, int max = 1000)
    {
        if (requested < 0 || requested > max)
        {
            throw DomainException.Invalid("page_size", $"page_size must be between 0 and {max}");
        }

        return requested == 0 ? defaultSize : requested;
    }
}
