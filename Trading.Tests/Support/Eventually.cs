namespace Trading.Tests.Support;

/// <summary>Polls until something the app does in the background has happened, or fails the test saying what never did.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Returns the first non-null value <paramref name="probe"/> gives.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}.");
            await Task.Delay(25);
        }
    }

    public static Task<T> GetAsync<T>(Func<T?> probe, string what, TimeSpan? timeout = null) where T : class =>
        GetAsync(() => Task.FromResult(probe()), what, timeout);

    /// <summary>Returns the last value <paramref name="probe"/> gave once it satisfies <paramref name="done"/>.</summary>
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}; last seen: {value}.");
            await Task.Delay(25);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        MatchAsync(condition, ok => ok, what, timeout);
}
