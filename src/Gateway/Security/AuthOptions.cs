using System.Security.Cryptography;
using System.Text.Json;

namespace Authz.Gateway.Security;

/// <summary>
/// The <c>Auth</c> configuration section: how bearer tokens are issued and checked, and the operator credential.
/// With no signing key or operator key configured, a development credentials file is made (and reused) instead.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "authz";

    public string Audience { get; set; } = "authz-api";

    /// <summary>Base64 HMAC-SHA256 keys of at least 32 bytes: the first signs, all verify (rotation).</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>The operator's bearer credential (creating organizations, multi-organization API keys).</summary>
    public string? OperatorKey { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lifetime of a "sign in as user" token (ADM-7).</summary>
    public TimeSpan ImpersonationLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Where the development default keeps its generated credentials, relative to the working directory.</summary>
    public string DevelopmentCredentialsFile { get; set; } = ".authz-dev/credentials.json";

    public bool UsesDevelopmentCredentials => SigningKeys.Count == 0 || string.IsNullOrEmpty(OperatorKey);

    /// <summary>Fills what is not configured from the development credentials file, creating it on first use.</summary>
    public AuthOptions WithDevelopmentDefaults()
    {
        if (!UsesDevelopmentCredentials)
        {
            return this;
        }

        var path = Path.GetFullPath(DevelopmentCredentialsFile);
        DevelopmentCredentials credentials;
        if (File.Exists(path))
        {
            credentials = JsonSerializer.Deserialize<DevelopmentCredentials>(File.ReadAllText(path))
                ?? throw new InvalidOperationException($"{path} is not a credentials file");
        }
        else
        {
            credentials = new DevelopmentCredentials(
                Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                "op_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant());
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, JsonSerializer.Serialize(credentials));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        if (SigningKeys.Count == 0)
        {
            SigningKeys = [credentials.SigningKey];
        }

        OperatorKey ??= credentials.OperatorKey;
        DevelopmentCredentialsPath = path;
        return this;
    }

    /// <summary>Set when the development credentials file is in use.</summary>
    public string? DevelopmentCredentialsPath { get; private set; }

    private sealed record DevelopmentCredentials(string SigningKey, string OperatorKey);
}
