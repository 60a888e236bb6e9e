using CoScientist.Api.Endpoints;

namespace CoScientist.Api.Tests.Hosting;

/// <summary>What cosci serve checks before it binds, and the paging token.</summary>
public sealed class ApiServerTests
{
    private static readonly ApiOptions NoKey = new();
    private static readonly ApiOptions WithKey = new() { ApiKey = "0123456789abcdef0123" };

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("https://LOCALHOST:443/")]
    [InlineData("http://[::1]:5080")]
    [InlineData("http://127.0.0.2:80")]
    public void Loopback_NeedsNoKey(string url) => Assert.Empty(ApiServer.CheckBinding([url], NoKey));

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://192.168.1.20:5080")]
    [InlineData("http://my-host.example:5080")]
    public void OtherAddresses_WithoutAKey_AreRefused(string url)
    {
        var problem = Assert.Single(ApiServer.CheckBinding([url], NoKey));

        Assert.Contains($"'{url}' is reachable from other machines, and no API key is set", problem, StringComparison.Ordinal);
        Assert.Empty(ApiServer.CheckBinding([url], WithKey));
    }

    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("http://")]
    public void NotAnAddress_IsRefused(string url) =>
        Assert.Contains("is not an address to listen on", Assert.Single(ApiServer.CheckBinding([url], WithKey)), StringComparison.Ordinal);

    [Fact]
    public void ApiOptions_Validate_NamesEachProblem_WithoutTheKey()
    {
        var problems = new ApiOptions { ApiKey = "has space inside it!", MaxRequestBodyBytes = 10, DefaultPageSize = 500 }.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains("Api:ApiKey must be printable ASCII without spaces.", problems);
        Assert.Contains(problems, p => p.StartsWith("Api:MaxRequestBodyBytes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Api:DefaultPageSize", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("has space", StringComparison.Ordinal));
        Assert.Empty(WithKey.Validate());
    }

    [Fact]
    public void RunCursor_RoundTrips_AndRejectsForgeries()
    {
        var cursor = new RunsApi.RunCursor(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), "run-20250102-030405-abcdef");

        Assert.True(RunsApi.RunCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
        Assert.False(RunsApi.RunCursor.TryDecode("!!!", out _));
        Assert.False(RunsApi.RunCursor.TryDecode(System.Buffers.Text.Base64Url.EncodeToString("2|1|run-1"u8), out _));
        Assert.False(RunsApi.RunCursor.TryDecode(System.Buffers.Text.Base64Url.EncodeToString("1|1|bad id"u8), out _));
    }
}
