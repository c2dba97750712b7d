using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class RevisionTokenTests
{
    private const string Acme = "acme";
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);
    private static readonly RevisionTokenCodec Codec = new([Secret]);

    /// <summary>A token sealed exactly as the codec seals, over any text: what a forger who knew the key could make.</summary>
    private static string Sealed(string text, byte[]? secret = null)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret ?? Secret, 32, info: Encoding.UTF8.GetBytes("authz revision token"));
        var bytes = Encoding.UTF8.GetBytes(text);
        return $"{Base64Url.EncodeToString(bytes)}.{Base64Url.EncodeToString(HMACSHA256.HashData(key, bytes))}";
    }

    private static void AssertSame(RevisionToken expected, RevisionToken? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Revision, actual.Revision);
    }

    private static void AssertRefused(Action decode, string field = RevisionToken.Field)
    {
        var error = Assert.Throws<DomainException>(decode);
        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal(field, error.Field);
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void CHK4_a_token_decodes_to_what_it_encodes()
    {
        RevisionToken[] tokens = [new(42), new(0), new(long.MaxValue)];

        foreach (var token in tokens)
        {
            var encoded = Codec.Encode(Acme, token);

            AssertSame(token, Codec.Decode(Acme, encoded));
            Assert.DoesNotContain('+', encoded);
            Assert.DoesNotContain('/', encoded);
            Assert.DoesNotContain('=', encoded);
            Assert.Equal(encoded, Codec.Encode(Acme, Codec.Decode(Acme, encoded)!));
        }
    }

    [Theory, Trait("Rule", "CHK-4")]
    [InlineData(null)]
    [InlineData("")]
    public void CHK4_an_empty_token_is_no_token(string? token)
    {
        Assert.Null(Codec.Decode(Acme, token));
    }

    public static TheoryData<string> Malformed => new()
    {
        "not a token",
        "%%%",
        "a",
        "abcde",
        "abc.def",
        ".",
        PageToken.Encode("root", "3"),
        Sealed("authz.rev.v1;1;2;root=3"),
        Sealed("AUTHZ.REV.V3;acme;1"),
        Sealed("authz.rev.v3;acme"),
        Sealed("authz.rev.v3;acme;1;2"),
        Sealed("authz.rev.v3;acme;-1"),
        Sealed("authz.rev.v3;acme;x"),
        Sealed("authz.rev.v3;acme;"),
        Sealed("authz.rev.v3;acme;2.5"),
        Sealed("authz.rev.v3;acme;99999999999999999999"),
        Sealed("authz.rev.v2;acme;1;2"),
        Sealed("authz.rev.v2;acme;x;2;root=3"),
    };

    [Theory, Trait("Rule", "CHK-4")]
    [MemberData(nameof(Malformed))]
    public void CHK4_a_token_this_service_did_not_issue_is_refused(string token)
    {
        AssertRefused(() => Codec.Decode(Acme, token));
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void CHK4_a_refusal_names_the_field_asked_for_and_a_huge_token_is_refused()
    {
        AssertRefused(() => Codec.Decode(Acme, "%%%", "consistency_token"), "consistency_token");
        AssertRefused(() => Codec.Decode(Acme, new string('A', RevisionTokenCodec.MaxLength + 1)));
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void Finding9_a_token_of_another_organization_is_refused()
    {
        var token = Codec.Encode("beta", new RevisionToken(5));

        AssertRefused(() => Codec.Decode(Acme, token));
        AssertRefused(() => Codec.Decode("Beta", token));
        Assert.NotNull(Codec.Decode("beta", token));
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void Finding9_a_token_altered_anywhere_or_sealed_with_another_key_is_refused()
    {
        var token = Codec.Encode(Acme, new RevisionToken(5));
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var unsealed = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(0, dot)));

        AssertRefused(() => Codec.Decode(Acme, Sealed(unsealed.Replace(";5", ";1000000", StringComparison.Ordinal), RandomNumberGenerator.GetBytes(32))));
        AssertRefused(() => Codec.Decode(Acme, $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(unsealed.Replace(";5", ";6", StringComparison.Ordinal)))}{token[dot..]}"));
        AssertRefused(() => Codec.Decode(Acme, token[..dot]));
        AssertRefused(() => Codec.Decode(Acme, token[..^2]));
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '.')
            {
                continue;
            }

            var altered = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            AssertRefused(() => Codec.Decode(Acme, altered));
        }
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void Finding9_the_first_secret_seals_and_every_secret_verifies_so_a_key_can_be_rotated()
    {
        var previous = RandomNumberGenerator.GetBytes(32);
        var next = RandomNumberGenerator.GetBytes(32);
        var issuedBefore = new RevisionTokenCodec([previous]).Encode(Acme, new RevisionToken(3));
        var rotated = new RevisionTokenCodec([next, previous]);
        var issuedAfter = rotated.Encode(Acme, new RevisionToken(4));

        Assert.Equal(3, rotated.Decode(Acme, issuedBefore)!.Revision);
        Assert.Equal(4, new RevisionTokenCodec([next]).Decode(Acme, issuedAfter)!.Revision);
        AssertRefused(() => new RevisionTokenCodec([next]).Decode(Acme, issuedBefore));
        AssertRefused(() => new RevisionTokenCodec([previous]).Decode(Acme, issuedAfter));
    }

    [Fact, Trait("Rule", "CHK-4")]
    public void CHK4_combine_takes_the_newest_revision()
    {
        AssertSame(new RevisionToken(8), RevisionToken.Combine([new RevisionToken(5), new RevisionToken(8), new RevisionToken(2)]));
        AssertSame(new RevisionToken(0), RevisionToken.Combine([]));
    }
}
