namespace CoScientist.Azure.Tests;

/// <summary>How JSON is cut into table properties (no storage needed).</summary>
public sealed class AzureTableStoreSplitTests
{
    [Fact]
    public void Split_NeverSeparatesASurrogatePair()
    {
        var json = new string('a', 29_999) + "🧬" + new string('b', 10);

        var parts = AzureTableStore.Split(json);

        Assert.Equal([29_999, 12], parts.Select(p => p.Length));
        Assert.Equal(json, string.Concat(parts));
        Assert.Empty(AzureTableStore.Split(""));
    }

    [Fact]
    public void Split_CutsAtThePartSize()
    {
        var parts = AzureTableStore.Split(new string('x', (2 * AzureTableStore.PartChars) + 1));

        Assert.Equal([AzureTableStore.PartChars, AzureTableStore.PartChars, 1], parts.Select(p => p.Length));
    }
}
