using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Authz.Grains.Domain;

/// <summary>
/// Revision tokens as clients hold them: <c>base64url(text).base64url(tag)</c>, where the text names the organization
/// the token was issued in and the tag is an HMAC-SHA256 over that text. A token of another organization, or one a
/// client made up or altered, is refused, so a token can neither reach into another organization nor name a
/// revision the service never answered. Keys are derived with HKDF from the gateways' shared signing secrets under
/// their own purpose label, so a tag is never usable as a bearer-token signature; the first secret signs, all
/// verify, so a rotated secret keeps earlier tokens valid until it is dropped.
/// </summary>
public sealed class RevisionTokenCodec
{
    /// <summary>The bound the protos declare; a token is about a hundred characters.</summary>
    public const int MaxLength = 64 * 1024;

    private const string Marker = "authz.rev.v3";
    private const int TagLength = 32;
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("authz revision token");

    private readonly byte[][] _keys;

    public RevisionTokenCodec(IEnumerable<byte[]> secrets)
    {
        _keys = secrets.Select(secret => HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, TagLength, info: Purpose)).ToArray();
        if (_keys.Length == 0)
        {
            throw new ArgumentException("a revision token codec needs at least one secret", nameof(secrets));
        }
    }

    public string Encode(string organizationId, RevisionToken token)
    {
        var text = Encoding.UTF8.GetBytes(string.Join(';', Marker, organizationId, token.Revision.ToString(CultureInfo.InvariantCulture)));
        return $"{Base64Url.EncodeToString(text)}.{Base64Url.EncodeToString(HMACSHA256.HashData(_keys[0], text))}";
    }

    /// <summary>
    /// Null for an empty token; InvalidArgument naming <paramref name="field"/> when the token was not issued by this
    /// service, was altered, or was issued in another organization than <paramref name="organizationId"/>.
    /// </summary>
    public RevisionToken? Decode(string organizationId, string? token, string field = RevisionToken.Field)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (token.Length > MaxLength)
        {
            throw DomainException.Invalid(field, $"{field} is too long");
        }

        var parts = Sealed(token) is { } text ? text.Split(';') : null;
        var (issuedIn, revision) = parts switch
        {
            [Marker, var organization, var issued] => (organization, issued),
            _ => (null, null),
        };
        if (issuedIn is null || !long.TryParse(revision, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedRevision))
        {
            throw DomainException.Invalid(field, $"{field} is not a token this service issued");
        }

        if (!string.Equals(issuedIn, organizationId, StringComparison.Ordinal))
        {
            throw DomainException.Invalid(field, $"{field} was issued in another organization");
        }

        return new RevisionToken(parsedRevision);
    }

    /// <summary>
    /// The token's text when its tag is one of ours over it, else null. Only the canonical encoding is accepted, so
    /// that one token has one spelling (base64 leaves a few trailing bits free).
    /// </summary>
    private string? Sealed(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || !Base64Url.IsValid(token.AsSpan(0, dot)) || !Base64Url.IsValid(token.AsSpan(dot + 1)))
        {
            return null;
        }

        var text = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
        var tag = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        if (!token.AsSpan(0, dot).SequenceEqual(Base64Url.EncodeToString(text)) || !token.AsSpan(dot + 1).SequenceEqual(Base64Url.EncodeToString(tag)))
        {
            return null;
        }

        return tag.Length == TagLength && _keys.Any(key => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, text), tag))
            ? Encoding.UTF8.GetString(text)
            : null;
    }
}
