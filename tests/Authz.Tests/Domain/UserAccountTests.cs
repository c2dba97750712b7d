using System.Security.Cryptography;
using System.Text;
using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class UserAccountTests
{
    private const string Email = "ada.lovelace@example.org";
    private const string Password = "Correct-horse-7";
    private const int MinimumLength = 10;

    private static DateTimeOffset Now => DomainFixtures.Now;

    private static (PendingLink? Link, string? PasswordHash, long SessionGeneration, bool RemoteWipeRequested) Snapshot(UserAccount account) =>
        (account.Link, account.PasswordHash, account.SessionGeneration, account.RemoteWipeRequested);

    private static byte[] FromBase64Url(string token)
    {
        var base64 = token.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }

    private static LinkPurpose Redeem(UserAccount account, string token, string? password, bool sso = false, DateTimeOffset? at = null) =>
        account.Redeem(token, password, sso, MinimumLength, Email, at ?? Now.AddHours(1));

    /// <summary>An account activated with <see cref="Password"/>.</summary>
    private static UserAccount ActiveAccount()
    {
        var account = new UserAccount();
        var link = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);
        Redeem(account, link.Token, Password);
        return account;
    }

    [Fact, Trait("Rule", "USR-2")]
    public void USR2_an_activation_link_has_at_least_128_random_bits_and_only_its_hash_is_stored()
    {
        var account = new UserAccount();

        var link = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);
        var other = new UserAccount().IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);

        Assert.Equal(LinkPurpose.Activation, link.Purpose);
        Assert.True(FromBase64Url(link.Token).Length >= 16, $"token '{link.Token}' has fewer than 128 bits");
        Assert.DoesNotContain('+', link.Token);
        Assert.DoesNotContain('/', link.Token);
        Assert.DoesNotContain('=', link.Token);
        Assert.NotEqual(link.Token, other.Token);
        Assert.NotNull(account.Link);
        Assert.Equal(LinkPurpose.Activation, account.Link.Purpose);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(link.Token)), account.Link.TokenHash);
        Assert.NotEqual(Encoding.UTF8.GetBytes(link.Token), account.Link.TokenHash);
        Assert.Null(account.PasswordHash);
        Assert.Equal(0, account.SessionGeneration);
    }

    [Fact, Trait("Rule", "USR-3")]
    public void USR3_an_activation_link_is_valid_seven_days()
    {
        var account = new UserAccount();

        var link = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);

        Assert.Equal(TimeSpan.FromDays(7), UserAccount.ActivationValidity);
        Assert.Equal(Now.AddDays(7), link.ExpireTime);
        Assert.Equal(Now.AddDays(7), account.Link!.ExpireTime);
        Assert.Equal(LinkPurpose.Activation, Redeem(account, link.Token, Password, at: Now.AddDays(7).AddTicks(-1)));
        Assert.Null(account.Link);
        Assert.True(account.VerifyPassword(Email, Password));
    }

    [Theory, Trait("Rule", "USR-3")]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(30 * 24)]
    public void USR3_an_expired_activation_link_is_refused_and_changes_nothing(int hoursAfterExpiry)
    {
        var account = new UserAccount();
        var link = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);
        var before = Snapshot(account);

        var error = Assert.Throws<DomainException>(() => Redeem(account, link.Token, Password, at: Now.AddDays(7).AddHours(hoursAfterExpiry)));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Contains("USR-3", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(account));
        Assert.Null(account.PasswordHash);
    }

    [Fact, Trait("Rule", "USR-3")]
    public void USR3_a_link_works_once()
    {
        var account = new UserAccount();
        var link = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);
        Redeem(account, link.Token, Password);
        var before = Snapshot(account);

        var error = Assert.Throws<DomainException>(() => Redeem(account, link.Token, "Another-password-9"));

        Assert.Equal(DomainError.PermissionDenied, error.Error);
        Assert.Equal(before, Snapshot(account));
        Assert.True(account.VerifyPassword(Email, Password));
        Assert.False(account.VerifyPassword(Email, "Another-password-9"));
    }

    [Fact, Trait("Rule", "USR-3")]
    public void USR3_a_newer_link_makes_the_old_one_fail()
    {
        var account = new UserAccount();
        var old = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);
        var resent = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now.AddDays(6));
        var before = Snapshot(account);

        var error = Assert.Throws<DomainException>(() => Redeem(account, old.Token, Password, at: Now.AddDays(6).AddHours(1)));

        Assert.Equal(DomainError.PermissionDenied, error.Error);
        Assert.Equal(before, Snapshot(account));
        Assert.Equal(Now.AddDays(13), resent.ExpireTime);
        Assert.Equal(LinkPurpose.Activation, Redeem(account, resent.Token, Password, at: Now.AddDays(10)));
        Assert.True(account.VerifyPassword(Email, Password));
    }

    [Theory, Trait("Rule", "USR-3")]
    [InlineData("")]
    [InlineData("not-the-token")]
    public void USR3_a_wrong_token_is_refused_and_changes_nothing(string token)
    {
        var account = new UserAccount();
        var link = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);
        var before = Snapshot(account);

        var wrong = Assert.Throws<DomainException>(() => Redeem(account, token, Password));
        var altered = Assert.Throws<DomainException>(() => Redeem(account, link.Token.ToUpperInvariant() + "x", Password));

        Assert.Equal(DomainError.PermissionDenied, wrong.Error);
        Assert.Equal(DomainError.PermissionDenied, altered.Error);
        Assert.Equal(before, Snapshot(account));
    }

    [Fact, Trait("Rule", "USR-3")]
    public void USR3_without_a_link_every_token_is_refused()
    {
        var account = new UserAccount();

        var error = Assert.Throws<DomainException>(() => Redeem(account, "anything", Password));

        Assert.Equal(DomainError.PermissionDenied, error.Error);
        Assert.Null(account.Link);
        Assert.Null(account.PasswordHash);
    }

    [Fact, Trait("Rule", "USR-2")]
    public void USR2_with_sso_the_activation_link_activates_at_once_without_a_password()
    {
        var account = new UserAccount();
        var link = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);

        var purpose = Redeem(account, link.Token, password: null, sso: true);

        Assert.Equal(LinkPurpose.Activation, purpose);
        Assert.Null(account.Link);
        Assert.Null(account.PasswordHash);
        Assert.False(account.VerifyPassword(Email, Password));
        Assert.Equal(0, account.SessionGeneration);
    }

    [Fact, Trait("Rule", "USR-2")]
    public void USR2_with_sso_a_password_given_on_activation_is_refused_and_the_link_stays_usable()
    {
        var account = new UserAccount();
        var link = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);
        var before = Snapshot(account);

        var error = Assert.Throws<DomainException>(() => Redeem(account, link.Token, Password, sso: true));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("password", error.Field);
        Assert.Equal(before, Snapshot(account));
        Assert.Equal(LinkPurpose.Activation, Redeem(account, link.Token, "", sso: true));
        Assert.Null(account.PasswordHash);
    }

    [Fact, Trait("Rule", "USR-2")]
    public void USR2_without_sso_activation_sets_the_password()
    {
        var account = new UserAccount();
        var link = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);

        var purpose = Redeem(account, link.Token, Password);

        Assert.Equal(LinkPurpose.Activation, purpose);
        Assert.Null(account.Link);
        Assert.NotNull(account.PasswordHash);
        Assert.DoesNotContain(Password, account.PasswordHash, StringComparison.Ordinal);
        Assert.True(account.VerifyPassword(Email, Password));
        Assert.False(account.VerifyPassword(Email, Password.ToUpperInvariant()));
        Assert.False(account.VerifyPassword(Email, ""));
        Assert.Equal(0, account.SessionGeneration);
    }

    [Theory, Trait("Rule", "USR-2")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Short-1")]
    [InlineData("aaaaaaaaaaaaaaa")]
    [InlineData("x-ada.lovelace@example.org")]
    public void USR2_without_sso_activation_needs_a_password_that_meets_the_policy(string? password)
    {
        var account = new UserAccount();
        var link = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);
        var before = Snapshot(account);

        var error = Assert.Throws<DomainException>(() => Redeem(account, link.Token, password));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("password", error.Field);
        Assert.Equal(before, Snapshot(account));
        Assert.Equal(LinkPurpose.Activation, Redeem(account, link.Token, Password));
    }

    [Fact, Trait("Rule", "USR-2")]
    public void USR2_the_organizations_minimum_length_applies()
    {
        var account = new UserAccount();
        var link = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);

        var error = Assert.Throws<DomainException>(() => account.Redeem(link.Token, Password, false, Password.Length + 1, Email, Now));
        account.Redeem(link.Token, Password, false, Password.Length, Email, Now);

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.True(account.VerifyPassword(Email, Password));
    }

    [Theory, Trait("Rule", "USR-3")]
    [InlineData(UserStatus.Active)]
    [InlineData(UserStatus.Suspended)]
    [InlineData(UserStatus.Deleted)]
    public void USR3_an_activation_link_is_issued_only_to_a_user_not_yet_activated(UserStatus status)
    {
        var account = new UserAccount();
        var pending = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);
        var before = Snapshot(account);

        var error = Assert.Throws<DomainException>(() => account.IssueLink(status, LinkPurpose.Activation, Now.AddDays(1)));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(before, Snapshot(account));
        Assert.Equal(LinkPurpose.Activation, Redeem(account, pending.Token, Password));
    }

    [Theory, Trait("Rule", "USR-3")]
    [InlineData(UserStatus.NotActivated)]
    [InlineData(UserStatus.Suspended)]
    [InlineData(UserStatus.Deleted)]
    public void USR3_a_password_reset_link_is_issued_only_to_an_active_user(UserStatus status)
    {
        var account = new UserAccount();
        account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);
        var before = Snapshot(account);

        var error = Assert.Throws<DomainException>(() => account.IssueLink(status, LinkPurpose.PasswordReset, Now));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(before, Snapshot(account));
        Assert.Equal(LinkPurpose.Activation, account.Link!.Purpose);
    }

    [Fact, Trait("Rule", "USR-3")]
    public void USR3_a_password_reset_sets_the_new_password_and_ends_every_session()
    {
        var account = ActiveAccount();
        var generation = account.SessionGeneration;

        var link = account.IssueLink(UserStatus.Active, LinkPurpose.PasswordReset, Now.AddDays(1));
        var purpose = Redeem(account, link.Token, "New-password-42", at: Now.AddDays(1).AddHours(1));

        Assert.Equal(Now.AddDays(1) + UserAccount.PasswordResetValidity, link.ExpireTime);
        Assert.Equal(LinkPurpose.PasswordReset, purpose);
        Assert.Equal(generation + 1, account.SessionGeneration);
        Assert.Null(account.Link);
        Assert.True(account.VerifyPassword(Email, "New-password-42"));
        Assert.False(account.VerifyPassword(Email, Password));
    }

    [Fact, Trait("Rule", "USR-3")]
    public void USR3_an_expired_password_reset_link_is_refused_and_the_old_password_stays()
    {
        var account = ActiveAccount();
        var link = account.IssueLink(UserStatus.Active, LinkPurpose.PasswordReset, Now);
        var before = Snapshot(account);

        var error = Assert.Throws<DomainException>(() => Redeem(account, link.Token, "New-password-42", at: Now + UserAccount.PasswordResetValidity));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(before, Snapshot(account));
        Assert.True(account.VerifyPassword(Email, Password));
    }

    [Fact, Trait("Rule", "USR-3")]
    public void USR3_a_password_reset_with_a_weak_password_changes_nothing()
    {
        var account = ActiveAccount();
        var link = account.IssueLink(UserStatus.Active, LinkPurpose.PasswordReset, Now);
        var before = Snapshot(account);

        var error = Assert.Throws<DomainException>(() => Redeem(account, link.Token, "abababababab"));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal(before, Snapshot(account));
        Assert.True(account.VerifyPassword(Email, Password));
    }

    [Fact, Trait("Rule", "USR-2")]
    public void USR2_with_sso_a_password_reset_link_is_refused_and_changes_nothing()
    {
        var account = ActiveAccount();
        var link = account.IssueLink(UserStatus.Active, LinkPurpose.PasswordReset, Now);
        var before = Snapshot(account);

        var error = Assert.Throws<DomainException>(() => Redeem(account, link.Token, "New-password-42", sso: true));

        Assert.Equal(DomainError.FailedPrecondition, error.Error);
        Assert.Equal(before, Snapshot(account));
        Assert.True(account.VerifyPassword(Email, Password));
    }

    [Fact, Trait("Rule", "USR-3")]
    public void USR3_a_password_reset_link_replaces_a_pending_one()
    {
        var account = ActiveAccount();
        var first = account.IssueLink(UserStatus.Active, LinkPurpose.PasswordReset, Now);
        var second = account.IssueLink(UserStatus.Active, LinkPurpose.PasswordReset, Now);

        var error = Assert.Throws<DomainException>(() => Redeem(account, first.Token, "New-password-42"));

        Assert.Equal(DomainError.PermissionDenied, error.Error);
        Assert.Equal(LinkPurpose.PasswordReset, Redeem(account, second.Token, "New-password-42"));
    }

    [Fact, Trait("Rule", "USR-7")]
    public void USR7_end_sessions_bumps_the_generation()
    {
        var account = ActiveAccount();
        var generation = account.SessionGeneration;

        account.EndSessions();
        account.EndSessions();

        Assert.Equal(generation + 2, account.SessionGeneration);
        Assert.True(account.VerifyPassword(Email, Password));
    }

    [Theory, Trait("Rule", "USR-7")]
    [InlineData(true)]
    [InlineData(false)]
    public void USR7_closing_an_account_clears_its_password_and_link_and_ends_its_sessions(bool remoteWipe)
    {
        var account = ActiveAccount();
        var link = account.IssueLink(UserStatus.Active, LinkPurpose.PasswordReset, Now);
        var generation = account.SessionGeneration;

        account.Close(remoteWipe);

        Assert.Null(account.Link);
        Assert.Null(account.PasswordHash);
        Assert.False(account.VerifyPassword(Email, Password));
        Assert.Equal(generation + 1, account.SessionGeneration);
        Assert.Equal(remoteWipe, account.RemoteWipeRequested);
        Assert.Equal(DomainError.PermissionDenied, Assert.Throws<DomainException>(() => Redeem(account, link.Token, "New-password-42")).Error);
    }

    [Fact, Trait("Rule", "USR-7")]
    public void USR7_a_new_account_requests_no_remote_wipe()
    {
        var account = new UserAccount();

        Assert.False(account.RemoteWipeRequested);
        Assert.False(account.VerifyPassword(Email, Password));
        Assert.Equal(0, account.SessionGeneration);
    }

    [Theory, Trait("Rule", "USR-2")]
    [InlineData("Correct-horse-7", 10)]
    [InlineData("abcd-abcd", 8)]
    [InlineData("ada-2025-horse", 8)]
    public void USR2_the_password_policy_accepts_good_passwords(string password, int minimumLength)
    {
        Assert.Equal(password, PasswordPolicy.Require(password, minimumLength, "ada@example.org"));
    }

    [Fact, Trait("Rule", "USR-2")]
    public void USR2_the_password_policy_accepts_128_characters_but_not_129()
    {
        var longest = string.Concat(Enumerable.Repeat("abcd", 32));

        Assert.Equal(longest, PasswordPolicy.Require(longest, OrganizationSettings.MinPasswordLength, Email));
        var error = Assert.Throws<DomainException>(() => PasswordPolicy.Require(longest + "e", OrganizationSettings.MinPasswordLength, Email));
        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("password", error.Field);
    }

    [Theory, Trait("Rule", "USR-2")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Abc-123")]
    [InlineData("Abcdefgh-1")]
    [InlineData("zzzzzzzzzzzz")]
    [InlineData("abcabcabcabc")]
    [InlineData("xx-Ada.Lovelace@Example.org")]
    [InlineData("my-LOVELACE-2025")]
    public void USR2_the_password_policy_refuses_missing_short_repetitive_or_email_passwords(string? password)
    {
        var error = Assert.Throws<DomainException>(() => PasswordPolicy.Require(password, 12, "lovelace@example.org"));

        Assert.Equal(DomainError.InvalidArgument, error.Error);
        Assert.Equal("password", error.Field);
    }
}
