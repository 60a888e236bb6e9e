namespace CoScientist.Testing;

/// <summary>Polls a condition in real time, for things that happen on other threads.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string failure, int timeoutMilliseconds = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMilliseconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(failure);
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Gives other threads a moment, then checks that <paramref name="condition"/> still holds.</summary>
    public static async Task StillTrueAsync(Func<bool> condition, string failure, int milliseconds = 150)
    {
        await Task.Delay(milliseconds, TestContext.Current.CancellationToken);
        Assert.True(condition(), failure);
    }
}
