using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Azure.Storage.Queues;
using CoScientist.Durability.Tests.Infrastructure;
using CoScientist.Core.Messaging;

namespace CoScientist.Durability.Tests;

/// <summary><c>cosci serve</c> as a real process on Azurite, driven over real HTTP.</summary>
[Trait("Category", "Integration")]
public sealed class ServeCommandTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_RunStartedByPost_Completes_AndItsResultsAreServedAndStored()
    {
        var storage = new SharedStorageRun(azurite.ConnectionString);
        var url = $"http://127.0.0.1:{FreePort()}";
        await using var server = storage.Serve(url);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        await WaitUntilListeningAsync(http, server);

        using var created = await http.PostAsJsonAsync("/api/runs", new { goal = SharedStorageRun.Goal, maxProposals = 5, seed = 3 }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var runId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("runId").GetString()!;

        await storage.WaitForEndAsync(runId, TimeSpan.FromMinutes(2), () => server.Output);
        var status = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}", Ct);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        var board = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/proposals?top=3", Ct);
        Assert.Equal(3, board.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Array).Value.GetArrayLength());
        using var overview = await http.GetAsync(new Uri($"/api/runs/{runId}/overview", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains(runId, await overview.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // What the API served is what the storage holds.
        await RunAudit.AssertIntactAsync(storage.Store, runId, Ct);

        Signals.Send(server.Id, Signals.Terminate);
        Assert.Equal(0, await server.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Serve_KestrelEndpointOnAllInterfacesWithoutKey_StopsWithOneErrorLine()
    {
        // Kestrel settings override --urls: the check must judge what was bound, not what was asked.
        var port = FreePort();
        var storage = new SharedStorageRun(azurite.ConnectionString, new Dictionary<string, string> { ["Kestrel:Endpoints:Http:Url"] = $"http://0.0.0.0:{port}" });
        await using var server = storage.Serve($"http://127.0.0.1:{FreePort()}");

        var exit = await server.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exit);
        Assert.Contains($"error: cosci serve stopped: 'http://0.0.0.0:{port}' is reachable from other machines, and no API key is set", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_CrossSiteFormPostToPause_IsRefused_AndTheRunCompletes()
    {
        var storage = new SharedStorageRun(azurite.ConnectionString);
        var url = $"http://127.0.0.1:{FreePort()}";
        await using var server = storage.Serve(url);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        await WaitUntilListeningAsync(http, server);
        using var created = await http.PostAsJsonAsync("/api/runs", new { goal = SharedStorageRun.Goal, maxProposals = 4, seed = 5 }, Ct);
        var runId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("runId").GetString()!;

        // What a browser sends for a form on another site that posts here.
        using var form = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{runId}/pause") { Content = new FormUrlEncodedContent([]) };
        form.Headers.Add("Origin", "https://attacker.example");
        form.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var refused = await http.SendAsync(form, Ct);
        using var rebound = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{runId}");
        rebound.Headers.Host = $"rebound.attacker.example:{new Uri(url).Port}";
        using var rebinding = await http.SendAsync(rebound, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, rebinding.StatusCode);
        Assert.Equal(CoScientist.Core.Runs.RunStatus.Completed, (await storage.WaitForEndAsync(runId, TimeSpan.FromMinutes(2), () => server.Output)).Status);
        Signals.Send(server.Id, Signals.Terminate);
        Assert.Equal(0, await server.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Serve_UndecodableMessagesInEveryQueue_AreQuarantinedAtOnce_AndTheRunCompletes()
    {
        var storage = new SharedStorageRun(azurite.ConnectionString);
        foreach (var queue in StorageNames.AllQueues)
        {
            // Written as another tool would: raw text, not the Base64 the trigger expects.
            var raw = new QueueClient(azurite.ConnectionString, storage.Prefix + queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
            await raw.CreateIfNotExistsAsync(cancellationToken: Ct);
            await raw.SendMessageAsync($"junk for {queue} <not base64>", Ct);
        }

        var url = $"http://127.0.0.1:{FreePort()}";
        await using var server = storage.Serve(url);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        await WaitUntilListeningAsync(http, server);
        using var created = await http.PostAsJsonAsync("/api/runs", new { goal = SharedStorageRun.Goal, maxProposals = 4, seed = 9 }, Ct);
        var runId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("runId").GetString()!;

        var run = await storage.WaitForEndAsync(runId, TimeSpan.FromMinutes(2), () => server.Output);

        Assert.Equal(CoScientist.Core.Runs.RunStatus.Completed, run.Status);
        foreach (var queue in StorageNames.AllQueues)
        {
            Assert.Equal([$"junk for {queue} <not base64>"], await storage.Queues.PeekAsync(queue + StorageNames.PoisonSuffix, 32, Ct));
        }

        Signals.Send(server.Id, Signals.Terminate);
        Assert.Equal(0, await server.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static async Task WaitUntilListeningAsync(HttpClient http, CosciProcess server)
    {
        for (var i = 0; i < 300; i++)
        {
            Assert.False(server.HasExited, server.Output);
            try
            {
                using var response = await http.GetAsync(new Uri("/api/openapi.json", UriKind.Relative), Ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"cosci serve did not answer within 30 s:\n{server.Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
