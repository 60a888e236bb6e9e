using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using CoScientist.Api.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace CoScientist.Api.Tests.Security;

/// <summary>With Api:ApiKey set, every request under /api needs the key in x-api-key.</summary>
public sealed class ApiKeyTests
{
    private const string Key = "k3y-0123456789-abcdef-SECRET";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/runs")]
    [InlineData("/api/openapi.json")]
    [InlineData("/api/runs/run-x")]
    [InlineData("/api/no-such-route")]
    public async Task WithoutTheKey_EveryApiPathIs401(string path)
    {
        await using var server = await ApiTestServer.StartAsync(apiKey: Key, cancellationToken: Ct);

        using var response = await server.Client.GetAsync(path, Ct);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized", "send it in the x-api-key header");
    }

    [Fact]
    public async Task WithAWrongKey_Is401_AndNothingIsStarted()
    {
        await using var server = await ApiTestServer.StartAsync(apiKey: Key, cancellationToken: Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = JsonContent.Create(new { goal = "g" }) };
        request.Headers.Add("x-api-key", Key[..^1]);

        using var response = await server.Client.SendAsync(request, Ct);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized", "does not hold this server's API key (wrong)");
        Assert.Empty(await server.Tables.QueryAsync(Core.Messaging.StorageNames.RunsTable, Core.Messaging.StorageNames.RunsPartition, Ct));
    }

    [Fact]
    public async Task WithTheKeyTwice_Is401()
    {
        await using var server = await ApiTestServer.StartAsync(apiKey: Key, cancellationToken: Ct);

        // HttpClient folds repeated headers into one line; write the request by hand to send two.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Client.BaseAddress!.Host, server.Client.BaseAddress.Port, Ct);
        await using var stream = tcp.GetStream();
        var request = $"GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: {Key}\r\nx-api-key: {Key}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync(Ct);

        Assert.StartsWith("HTTP/1.1 401", answer, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", answer, StringComparison.Ordinal);
        Assert.Contains("(sent more than once)", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTheKey_RequestsAreServed_AndTheKeyIsNeverLogged()
    {
        await using var server = await ApiTestServer.StartAsync(apiKey: Key, cancellationToken: Ct);
        server.Client.DefaultRequestHeaders.Add("x-api-key", Key);

        var runId = await server.StartRunAsync(cancellationToken: Ct);
        var status = await server.WaitForEndAsync(runId, Ct);
        using var refused = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
        refused.Headers.Add("x-api-key", "not-" + Key);
        using var refusedResponse = await new HttpClient { BaseAddress = server.Client.BaseAddress }.SendAsync(refused, Ct);

        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, refusedResponse.StatusCode);
        var lines = server.Logs.Lines;
        Assert.Contains(lines, l => l.Message.Contains($"Run {runId} started", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Message.Contains("GET /api/runs refused: API key wrong", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Message.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OtherPaths_AreNotTheApis_AndNeedNoKey()
    {
        await using var server = await ApiTestServer.StartAsync(apiKey: Key, cancellationToken: Ct);

        using var response = await server.Client.GetAsync("/health-or-anything-else", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AKeyShorterThan16Characters_StopsTheServerFromStarting_WithoutShowingIt()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiTestServer.StartAsync(apiKey: "short-key", cancellationToken: Ct));

        Assert.Contains("Api:ApiKey must be at least 16 characters long.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-key", ex.Message, StringComparison.Ordinal);
    }
}
