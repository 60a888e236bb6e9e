using CoScientist.Core.Literature;
using System.IO.Compression;
using CoScientist.Literature;
using CoScientist.Literature.Tests.Fakes;

namespace CoScientist.Literature.Tests.Http;

/// <summary>Hostile answers over real HTTP: bodies that inflate without bound, redirects to elsewhere.</summary>
public sealed class PoliteHttpHandlerTests
{
    private static readonly Lazy<byte[]> Bomb = new(() =>
    {
        // 512 MiB of zeros, a few hundred KiB gzipped: the limit (64 MiB) must stop it while it inflates.
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 512; i++)
            {
                gzip.Write(zeros);
            }
        }

        return compressed.ToArray();
    });

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GzipBomb_StopsAtTheLimitWhileInflating_AndIsNotRetried()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("/works", new ScriptedResponse(200, "", "application/json", new Dictionary<string, string> { ["Content-Encoding"] = "gzip" }) { BodyBytes = Bomb.Value });
        var allocated = GC.GetTotalAllocatedBytes(precise: true);

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("openalex").SearchAsync("fibrosis", 5, Cancellation));

        var inflated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Assert.True(Bomb.Value.Length < 1024 * 1024, $"the bomb is {Bomb.Value.Length} bytes");
        Assert.Equal("openalex: the answer is larger than 67108864 bytes (after decompression); it was not read further (HTTP 200)", error.Message);
        Assert.False(error.IsTransient);
        Assert.Single(host.Server.Requests);

        // Read up to the limit, not the 512 MiB the body inflates to (the buffer doubles, so up to ~2x the limit plus overheads).
        Assert.True(inflated < 300L * 1024 * 1024, $"{inflated} bytes allocated");
    }

    [Fact]
    public async Task AnswerOverTheLimitWithContentLength_IsRefusedBeforeReading()
    {
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("/works", new ScriptedResponse(200, "", "application/json", new Dictionary<string, string> { ["Content-Length"] = "68000000" }) { BodyBytes = new byte[68_000_000] });

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("openalex").SearchAsync("fibrosis", 5, Cancellation));

        Assert.Contains("larger than 67108864 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Redirect_IsNotFollowed_AndNeitherTheTargetPageNorItsCredentialsAreShown(int status)
    {
        await using var inside = await FakeLiteratureServer.StartAsync();
        inside.On("/admin", ScriptedResponse.Html("<h1>internal admin page: secret-token-123</h1>", 500));
        var target = new UriBuilder(inside.BaseAddress) { UserName = "admin", Password = "hunter2", Path = "/admin", Query = "api_key=k-999" }.Uri;
        await using var host = await LiteratureHost.StartAsync();
        host.Server.On("/works", new ScriptedResponse(status, "<a href=\"x\">moved</a>", "text/html", new Dictionary<string, string> { ["Location"] = target.ToString() }));

        var error = await Assert.ThrowsAsync<LiteratureSourceException>(() => host.Client("openalex").SearchAsync("fibrosis", 5, Cancellation));

        Assert.Empty(inside.Requests);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains($"redirected to http://127.0.0.1:{inside.BaseAddress.Port}/admin; redirects are not followed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("admin:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("k-999", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GzipAnswerUnderTheLimit_IsRead()
    {
        await using var host = await LiteratureHost.StartAsync();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(System.Text.Encoding.UTF8.GetBytes(Fixtures.Read("openalex/paperqa_works_filter_title_search_copper_oxide.json")), Cancellation);
        }

        host.Server.On("/works", new ScriptedResponse(200, "", "application/json", new Dictionary<string, string> { ["Content-Encoding"] = "gzip" }) { BodyBytes = compressed.ToArray() });

        var articles = await host.Client("openalex").SearchAsync("fibrosis", 5, Cancellation);

        Assert.NotEmpty(articles);
    }

    [Theory]
    [InlineData("https://user:pa55@example.org/path?api_key=k", "https://example.org/path")]
    [InlineData("ftp://user:pa55@example.org/x?k=1", "ftp://example.org/x")]
    [InlineData("not a url://user:pa55@host?x", "not a url://***@host")]
    [InlineData("", "")]
    public void WithoutSecrets_DropsUserInfoAndQuery(string url, string expected) =>
        Assert.Equal(expected, CoScientist.Literature.Http.UrlText.WithoutSecrets(url));
}
