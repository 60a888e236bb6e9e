namespace CoScientist.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void One_Equals_One() => Assert.Equal(1, 1);
}
