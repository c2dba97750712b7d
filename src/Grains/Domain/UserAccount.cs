using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Authz.Grains.Domain;

[GenerateSerializer, Alias("authz.LinkPurpose")]
public enum LinkPurpose
{
    Activation = 1,
    PasswordReset = 2,
}

/// <summary>A link sent by e-mail: only the SHA-256 of its token is kept.</summary>
[GenerateSerializer, Immutable, Alias("authz.PendingLink")]
public sealed record PendingLink(
    [property: Id(0)] LinkPurpose Purpose,
    [property: Id(1)] byte[] TokenHash,
    [property: Id(2)] DateTimeOffset ExpireTime);

/// <summary>A link just issued: the token goes into the message and nowhere else.</summary>
public sealed record IssuedLink(LinkPurpose Purpose, string Token, DateTimeOffset ExpireTime);

/// <summary>What authenticating a user's bearer token needs to know of the account.</summary>
[GenerateSerializer, Immutable, Alias("authz.AccountFacts")]
public sealed record AccountFacts(
    [property: Id(0)] UserStatus Status,
    [property: Id(1)] string Email,
    [property: Id(2)] long SessionGeneration);

/// <summary>
/// A user's account lifecycle (USR-1..4, USR-7): activation and password-reset links (at least 128 random bits,
/// stored hashed, valid <see cref="ActivationValidity"/>, one at a time so a new link kills the old one),
/// the password (hashed with ASP.NET Core Identity's hasher), suspension, deletion, and the session generation
/// that ending a user's sessions bumps, and the lockout after wrong passwords (<see cref="SignInLockout"/>).
/// </summary>
[GenerateSerializer, Alias("authz.UserAccount")]
public sealed class UserAccount
{
    public static readonly TimeSpan ActivationValidity = TimeSpan.FromDays(7);
    public static readonly TimeSpan PasswordResetValidity = TimeSpan.FromDays(1);
    private const int TokenBytes = 32;
    private static readonly PasswordHasher<string> Hasher = new();
    private const string DecoyUser = "decoy@invalid";

    /// <summary>
    /// A hash of a random password made by the same hasher as every account's, so verifying against it costs what
    /// verifying a real password costs: refusing an unknown, inactive or locked account takes as long as a wrong password.
    /// </summary>
    internal static readonly string DecoyPasswordHash = Hasher.HashPassword(DecoyUser, Base64Url(RandomNumberGenerator.GetBytes(TokenBytes)));

    [Id(0)]
    public PendingLink? Link { get; private set; }

    [Id(1)]
    public string? PasswordHash { get; private set; }

    /// <summary>Bearer tokens carry the generation they were issued in; only the current one is accepted.</summary>
    [Id(2)]
    public long SessionGeneration { get; private set; }

    [Id(3)]
    public bool RemoteWipeRequested { get; private set; }

    /// <summary>Wrong passwords in a row since the last successful sign-in or password reset.</summary>
    [Id(4)]
    public int FailedSignIns { get; private set; }

    [Id(5)]
    public DateTimeOffset? LockedUntil { get; private set; }

    /// <summary>The refusal of every failed sign-in, whatever the reason: the answer must not tell which one.</summary>
    public static DomainException SignInRefused() =>
        new(DomainError.Unauthenticated, "unknown e-mail or wrong password, or the account is not active");

    public IssuedLink IssueLink(UserStatus status, LinkPurpose purpose, DateTimeOffset now)
    {
        switch (purpose, status)
        {
            case (LinkPurpose.Activation, not UserStatus.NotActivated):
                throw DomainException.Precondition("the user is already activated: an activation link would serve nothing (USR-3)");
            case (LinkPurpose.PasswordReset, not UserStatus.Active):
                throw DomainException.Precondition("only an active user's password can be reset");
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));
        var expires = now + (purpose == LinkPurpose.Activation ? ActivationValidity : PasswordResetValidity);
        Link = new PendingLink(purpose, Hash(token), expires);
        return new IssuedLink(purpose, token, expires);
    }

    /// <summary>
    /// Redeems the pending link. Activation with SSO needs no password (USR-2); otherwise the password is set,
    /// after <see cref="PasswordPolicy"/>. The link is spent either way; a password reset also ends every session.
    /// </summary>
    public LinkPurpose Redeem(string token, string? password, bool ssoEnabled, int minimumPasswordLength, string email, DateTimeOffset now)
    {
        if (Link is null || !CryptographicOperations.FixedTimeEquals(Link.TokenHash, Hash(token)))
        {
            throw new DomainException(DomainError.PermissionDenied, "this link is not valid: it was used already, replaced by a newer one, or never issued");
        }

        if (now >= Link.ExpireTime)
        {
            throw DomainException.Precondition("this link has expired: ask an administrator for a new one (USR-3)");
        }

        var purpose = Link.Purpose;
        if (purpose == LinkPurpose.Activation && ssoEnabled)
        {
            if (!string.IsNullOrEmpty(password))
            {
                throw DomainException.Invalid("password", "the organization signs in with SSO: no password is set (USR-2)");
            }
        }
        else
        {
            if (ssoEnabled)
            {
                throw DomainException.Precondition("the organization signs in with SSO: passwords are managed there");
            }

            PasswordHash = Hasher.HashPassword(email, PasswordPolicy.Require(password, minimumPasswordLength, email));
        }

        if (purpose == LinkPurpose.PasswordReset)
        {
            SessionGeneration++;
            ClearFailedSignIns();
        }

        Link = null;
        return purpose;
    }

    public bool VerifyPassword(string email, string password) =>
        PasswordHash is not null && Hasher.VerifyHashedPassword(email, PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>
    /// One sign-in attempt (<see cref="SignInLockout"/>). Every attempt costs one password verification, against the
    /// decoy when the account is inactive, has no password or is locked; only a wrong password of an account that
    /// could sign in counts as a failure. Answers whether the account changed and must be saved.
    /// </summary>
    public (SignInOutcome Outcome, bool Changed) SignIn(bool active, string email, string password, DateTimeOffset now)
    {
        if (LockedUntil is { } lockedUntil && now < lockedUntil)
        {
            VerifyWithoutAccount(password);
            return (SignInOutcome.Locked, false);
        }

        if (!active || PasswordHash is null)
        {
            VerifyWithoutAccount(password);
            return (SignInOutcome.Refused, false);
        }

        if (Hasher.VerifyHashedPassword(email, PasswordHash, password) != PasswordVerificationResult.Failed)
        {
            var changed = FailedSignIns > 0 || LockedUntil is not null;
            ClearFailedSignIns();
            return (SignInOutcome.Accepted, changed);
        }

        FailedSignIns++;
        var lockTime = SignInLockout.LockAfter(FailedSignIns);
        LockedUntil = lockTime > TimeSpan.Zero ? now + lockTime : null;
        return (SignInOutcome.Refused, true);
    }

    /// <summary>The work of verifying a password, for a sign-in that has no account to verify it against.</summary>
    public static void VerifyWithoutAccount(string password) => Hasher.VerifyHashedPassword(DecoyUser, DecoyPasswordHash, password);

    public void EndSessions() => SessionGeneration++;

    /// <summary>USR-7: a deleted user's links and sessions die with the account.</summary>
    public void Close(bool remoteWipe)
    {
        Link = null;
        PasswordHash = null;
        SessionGeneration++;
        RemoteWipeRequested = remoteWipe;
        ClearFailedSignIns();
    }

    private void ClearFailedSignIns()
    {
        FailedSignIns = 0;
        LockedUntil = null;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The minimum password policy: the organization's minimum length, not the e-mail, not one repeated character.</summary>
public static class PasswordPolicy
{
    public static string Require(string? password, int minimumLength, string email)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw DomainException.Invalid("password", "a password is required to activate the account (USR-2)");
        }

        if (password.Length < minimumLength || password.Length > OrganizationSettings.MaxPasswordLength)
        {
            throw DomainException.Invalid("password", $"the password must be {minimumLength} to {OrganizationSettings.MaxPasswordLength} characters");
        }

        var localPart = email[..email.IndexOf('@')];
        if (password.Distinct().Count() < 4 || password.Contains(email, StringComparison.OrdinalIgnoreCase)
            || (localPart.Length >= 4 && password.Contains(localPart, StringComparison.OrdinalIgnoreCase)))
        {
            throw DomainException.Invalid("password", "the password is too easy to guess: use at least 4 different characters and not your e-mail");
        }

        return password;
    }
}
