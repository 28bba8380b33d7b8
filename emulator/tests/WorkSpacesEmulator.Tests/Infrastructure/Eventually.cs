namespace WorkSpacesEmulator.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds (the reconciler works in the background).</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        T last;
        do
        {
            last = await read();
            if (condition(last)) return last;
            await Task.Delay(25);
        } while (DateTime.UtcNow < deadline);
        throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}; last value: {last}");
    }
}
