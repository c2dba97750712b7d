using Authz.Grains.Domain;

namespace Authz.Tests;

/// <summary>What the gateway can do and clients cannot: one token covering several writes' tokens (CHK-4).</summary>
public static class CombinedRevisionTokens
{
    public static string Combine(this RevisionTokenCodec codec, string organizationId, IEnumerable<string> tokens) =>
        codec.Encode(organizationId, RevisionToken.Combine(tokens.Select(token => codec.Decode(organizationId, token)!)));
}
