namespace Authz.Tests;

/// <summary>Waits, in a bounded loop, for something the system does on its own (recovery, fail-over).</summary>
public static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>Polls <paramref name="condition"/> until it holds; exceptions count as "not yet". Fails after <paramref name="limit"/>.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan limit, string? what = null) =>
        TrueAsync(condition, limit, () => what ?? "the condition");

    /// <summary>As above; <paramref name="what"/> is asked for after the last attempt, so it can say what was still missing.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string> what)
    {
        var deadline = DateTime.UtcNow + limit;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception error)
            {
                last = error;
            }

            await Task.Delay(Poll);
        }

        Assert.Fail($"{what()} did not hold within {limit}" + (last is null ? "" : $"; last error: {last.Message}"));
    }

    /// <summary>Retries <paramref name="action"/> until it succeeds; fails with the last error after <paramref name="limit"/>.</summary>
    public static async Task<T> SucceedsAsync<T>(Func<Task<T>> action, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                return await action();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Poll);
            }
        }
    }
}
