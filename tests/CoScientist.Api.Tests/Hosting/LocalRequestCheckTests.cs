using System.Net;
using System.Net.Http.Json;
using CoScientist.Api.Hosting;
using CoScientist.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoScientist.Api.Tests.Hosting;

/// <summary>A server without a key answers only this machine under a loopback name; no server takes a cross-site state change.</summary>
public sealed class LocalRequestCheckTests
{
    private const string Key = "k3y-0123456789-abcdef-SECRET";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("rebound.attacker.example:5080")]
    [InlineData("192.168.1.20")]
    public async Task NoKey_HostNotLoopback_Is403(string host)
    {
        await using var server = await ApiTestServer.StartAsync(cancellationToken: Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
        request.Headers.Host = host;

        using var response = await server.Client.SendAsync(request, Ct);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden", "answers only requests addressed to localhost or a loopback address");
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task NoKey_LoopbackHost_IsServed(string host)
    {
        await using var server = await ApiTestServer.StartAsync(cancellationToken: Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
        request.Headers.Host = $"{host}:{server.Client.BaseAddress!.Port}";

        using var response = await server.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("https://attacker.example", null)]
    [InlineData("null", null)]
    [InlineData("http://localhost:3000", null)]
    [InlineData(null, "cross-site")]
    [InlineData(null, "same-site")]
    public async Task CrossSitePause_Is403_AndTheRunIsNotPaused(string? origin, string? fetchSite)
    {
        await using var server = await ApiTestServer.StartAsync(cancellationToken: Ct);
        var runId = await server.StartRunAsync(cancellationToken: Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{runId}/pause") { Content = new FormUrlEncodedContent([]) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var response = await server.Client.SendAsync(request, Ct);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden", "from another site");
        var status = (await server.GetJsonAsync($"/api/runs/{runId}", Ct)).GetProperty("status").GetString();
        Assert.NotEqual("paused", status);
        Assert.NotEqual("pausing", status);
    }

    [Fact]
    public async Task SameOriginPause_IsAccepted()
    {
        await using var server = await ApiTestServer.StartAsync(cancellationToken: Ct);
        var runId = await server.StartRunAsync(cancellationToken: Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{runId}/pause");
        request.Headers.Add("Origin", server.Client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        using var response = await server.Client.SendAsync(request, Ct);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"{(int)response.StatusCode}");
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task WithKey_CrossSitePost_Is403_EvenWithTheKey()
    {
        await using var server = await ApiTestServer.StartAsync(apiKey: Key, cancellationToken: Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = JsonContent.Create(new { goal = ApiTestServer.Goal }) };
        request.Headers.Add("x-api-key", Key);
        request.Headers.Add("Origin", "https://attacker.example");

        using var response = await server.Client.SendAsync(request, Ct);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden", "Origin 'https://attacker.example'");
    }

    [Fact]
    public async Task WithKey_OtherHostName_IsServed()
    {
        // With a key the server may be reached by any name (a public one behind a proxy).
        await using var server = await ApiTestServer.StartAsync(apiKey: Key, cancellationToken: Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
        request.Headers.Host = "cosci.example.org";
        request.Headers.Add("x-api-key", Key);

        using var response = await server.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Check_NoKeyAndARemoteAddress_Is403()
    {
        var keys = new ApiKeyCheck(Options.Create(new ApiOptions()), NullLogger<ApiKeyCheck>.Instance);
        var check = new LocalRequestCheck(keys, NullLogger<LocalRequestCheck>.Instance);
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        context.Request.Host = new HostString("localhost", 5080);
        context.Request.Method = "GET";

        Assert.NotNull(check.Check(context));
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        Assert.Null(check.Check(context));
    }
}
