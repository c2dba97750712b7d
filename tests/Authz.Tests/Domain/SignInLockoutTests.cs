using Authz.Grains.Domain;

namespace Authz.Tests.Domain;

public sealed class SignInLockoutTests
{
    private const string Email = "ada.lovelace@example.org";
    private const string Password = "Correct-horse-7";
    private const string Wrong = "Wrong-horse-8";

    private static DateTimeOffset Now => DomainFixtures.Now;

    private static UserAccount ActiveAccount()
    {
        var account = new UserAccount();
        var link = account.IssueLink(UserStatus.NotActivated, LinkPurpose.Activation, Now);
        account.Redeem(link.Token, Password, ssoEnabled: false, minimumPasswordLength: 10, Email, Now);
        return account;
    }

    private static void FailTimes(UserAccount account, int failures, DateTimeOffset at)
    {
        for (var i = 0; i < failures; i++)
        {
            Assert.Equal((SignInOutcome.Refused, true), account.SignIn(active: true, Email, Wrong, at));
        }
    }

    [Fact]
    public void Four_wrong_passwords_in_a_row_cost_nothing_and_the_right_one_clears_them()
    {
        var account = ActiveAccount();
        FailTimes(account, SignInLockout.FreeFailures - 1, Now);

        Assert.Null(account.LockedUntil);
        Assert.Equal((SignInOutcome.Accepted, true), account.SignIn(active: true, Email, Password, Now));
        Assert.Equal(0, account.FailedSignIns);
        Assert.Equal((SignInOutcome.Accepted, false), account.SignIn(active: true, Email, Password, Now));
    }

    [Fact]
    public void The_fifth_wrong_password_locks_the_account_for_a_minute_and_the_right_password_is_refused_meanwhile()
    {
        var account = ActiveAccount();
        FailTimes(account, SignInLockout.FreeFailures, Now);

        Assert.Equal(Now + SignInLockout.FirstLock, account.LockedUntil);
        Assert.Equal((SignInOutcome.Locked, false), account.SignIn(active: true, Email, Password, Now.AddSeconds(59)));
        Assert.Equal((SignInOutcome.Locked, false), account.SignIn(active: true, Email, Wrong, Now.AddSeconds(59)));
        Assert.Equal(SignInLockout.FreeFailures, account.FailedSignIns);
        Assert.Equal((SignInOutcome.Accepted, true), account.SignIn(active: true, Email, Password, Now.AddMinutes(1)));
        Assert.Null(account.LockedUntil);
        Assert.Equal(0, account.FailedSignIns);
    }

    [Fact]
    public void Each_further_failure_after_a_lock_doubles_it_up_to_an_hour()
    {
        Assert.Equal(
            [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60],
            Enumerable.Range(1, 12).Select(failures => SignInLockout.LockAfter(failures).TotalMinutes));
        Assert.Equal(SignInLockout.LongestLock, SignInLockout.LockAfter(int.MaxValue));

        var account = ActiveAccount();
        var at = Now;
        FailTimes(account, SignInLockout.FreeFailures, at);
        at = account.LockedUntil!.Value;
        FailTimes(account, 1, at);

        Assert.Equal(at + TimeSpan.FromMinutes(2), account.LockedUntil);
    }

    [Fact]
    public void A_password_reset_clears_the_lock()
    {
        var account = ActiveAccount();
        FailTimes(account, SignInLockout.FreeFailures, Now);
        var reset = account.IssueLink(UserStatus.Active, LinkPurpose.PasswordReset, Now);

        account.Redeem(reset.Token, "New-password-42", ssoEnabled: false, minimumPasswordLength: 10, Email, Now);

        Assert.Null(account.LockedUntil);
        Assert.Equal((SignInOutcome.Accepted, false), account.SignIn(active: true, Email, "New-password-42", Now));
    }

    [Fact]
    public void An_inactive_account_or_one_without_a_password_is_refused_without_counting_a_failure()
    {
        var active = ActiveAccount();
        Assert.Equal((SignInOutcome.Refused, false), active.SignIn(active: false, Email, Password, Now));
        Assert.Equal((SignInOutcome.Refused, false), new UserAccount().SignIn(active: true, Email, Password, Now));
        Assert.Equal(0, active.FailedSignIns);
    }

    /// <summary>
    /// Refusing an unknown, inactive or locked account verifies the password against the decoy hash: made by the same
    /// hasher with the same parameters (format, PRF, iteration count, salt length) as a real one, so it costs the same.
    /// </summary>
    [Fact]
    public void The_decoy_hash_has_the_parameters_of_a_real_one()
    {
        var real = Convert.FromBase64String(ActiveAccount().PasswordHash!);
        var decoy = Convert.FromBase64String(UserAccount.DecoyPasswordHash);

        Assert.Equal(real.Length, decoy.Length);
        Assert.Equal(real[..13], decoy[..13]);
    }
}
