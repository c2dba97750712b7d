namespace Authz.Grains.Domain;

/// <summary>
/// Temporary lockout of an account after wrong passwords: the first <see cref="FreeFailures"/> - 1 failures in a row
/// cost nothing; the <see cref="FreeFailures"/>th locks the account for <see cref="FirstLock"/>, and every further
/// failure once the lock has passed locks it for twice as long as the one before, up to <see cref="LongestLock"/>.
/// A successful sign-in or a password reset clears the count. Attempts while locked are refused without looking at
/// the password and do not extend the lock.
/// </summary>
public static class SignInLockout
{
    public const int FreeFailures = 5;

    public static readonly TimeSpan FirstLock = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan LongestLock = TimeSpan.FromHours(1);

    /// <summary>How long the account is locked after its <paramref name="failures"/>th failure in a row; zero below the threshold.</summary>
    public static TimeSpan LockAfter(int failures)
    {
        if (failures < FreeFailures)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - FreeFailures, 16);
        var lockTime = FirstLock * Math.Pow(2, doublings);
        return lockTime < LongestLock ? lockTime : LongestLock;
    }
}

/// <summary>How one sign-in attempt ended, and whether the account's state changed and must be saved.</summary>
public enum SignInOutcome
{
    Accepted = 1,
    Refused = 2,
    /// <summary>Refused without a look at the password: the account is locked (<see cref="SignInLockout"/>).</summary>
    Locked = 3,
}
