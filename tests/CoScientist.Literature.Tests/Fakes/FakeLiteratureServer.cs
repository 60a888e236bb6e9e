using CoScientist.Core.Literature;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoScientist.Literature.Tests.Fakes;

/// <summary>One request the fake server received.</summary>
/// <param name="At">When it arrived, by the server's clock (a test's fake clock when it has one).</param>
/// <param name="Path">The path, percent-encoding of slashes kept.</param>
/// <param name="RawTarget">The request target exactly as sent.</param>
/// <param name="Query">Query parameters, decoded.</param>
/// <param name="Headers">Request headers.</param>
public sealed record ReceivedRequest(DateTimeOffset At, string Path, string RawTarget, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers)
{
    public string? Param(string name) => Query.TryGetValue(name, out var value) ? value : null;
}

/// <summary>An answer the fake server gives.</summary>
public sealed record ScriptedResponse(int Status, string Body, string ContentType, IReadOnlyDictionary<string, string>? Headers = null, bool Hang = false, TimeSpan Delay = default)
{
    /// <summary>When set, sent instead of <see cref="Body"/>, byte for byte (a compressed body, say).</summary>
    public byte[]? BodyBytes { get; init; }

    /// <summary>A recorded fixture file, served as the API served it.</summary>
    public static ScriptedResponse Fixture(string relativePath, int status = 200) =>
        new(status, Fixtures.Read(relativePath), relativePath.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : relativePath.Contains("arxiv", StringComparison.Ordinal) ? "application/atom+xml; charset=utf-8" : "text/xml; charset=UTF-8");

    public static ScriptedResponse Xml(string body, int status = 200) => new(status, body, "text/xml; charset=UTF-8");

    public static ScriptedResponse Json(string body, int status = 200) => new(status, body, "application/json");

    public static ScriptedResponse Text(string body, int status) => new(status, body, "text/plain; charset=utf-8");

    public static ScriptedResponse Html(string body, int status) => new(status, body, "text/html; charset=utf-8");

    public ScriptedResponse WithRetryAfter(string value) => this with { Headers = new Dictionary<string, string> { ["Retry-After"] = value } };

    /// <summary>Never answers; the client must give up.</summary>
    public static ScriptedResponse NoAnswer() => new(200, "", "text/plain", Hang: true);
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (random port) that serves scripted answers by path suffix:
/// <see cref="On(string, ScriptedResponse[])"/> answers in order, the last one repeating. It records
/// every request and the most requests it ever handled at once.
/// </summary>
public sealed class FakeLiteratureServer : IAsyncDisposable
{
    private readonly List<(Func<ReceivedRequest, bool> Match, ConcurrentQueue<ScriptedResponse> Script, ScriptedResponse Last)> _routes = [];
    private readonly Lock _lock = new();
    private readonly List<ReceivedRequest> _requests = [];
    private readonly TimeProvider _clock;
    private WebApplication? _app;
    private int _inFlight;
    private int _maxInFlight;

    private FakeLiteratureServer(TimeProvider clock) => _clock = clock;

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static async Task<FakeLiteratureServer> StartAsync(TimeProvider? clock = null)
    {
        var server = new FakeLiteratureServer(clock ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Map("/{**path}", server.HandleAsync);
        await app.StartAsync();
        server._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Requests whose path ends with <paramref name="pathSuffix"/> get these answers in order; the last repeats.</summary>
    public void On(string pathSuffix, params ScriptedResponse[] responses) =>
        On(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal), responses);

    public void On(Func<ReceivedRequest, bool> match, params ScriptedResponse[] responses)
    {
        lock (_lock)
        {
            _routes.Add((match, new ConcurrentQueue<ScriptedResponse>(responses), responses[^1]));
        }
    }

    public IReadOnlyList<ReceivedRequest> RequestsTo(string pathSuffix) =>
        [.. Requests.Where(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            var current = Volatile.Read(ref _maxInFlight);
            while (inFlight > current && Interlocked.CompareExchange(ref _maxInFlight, inFlight, current) != current)
            {
                current = Volatile.Read(ref _maxInFlight);
            }

            var request = new ReceivedRequest(
                _clock.GetUtcNow(),
                context.Request.Path.Value ?? "",
                context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "",
                context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            ScriptedResponse? response = null;
            lock (_lock)
            {
                _requests.Add(request);
                foreach (var (match, script, last) in _routes)
                {
                    if (match(request))
                    {
                        response = script.TryDequeue(out var next) ? next : last;
                        break;
                    }
                }
            }

            response ??= ScriptedResponse.Text($"no scripted answer for {request.Path}", 418);
            if (response.Hang)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }

            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            if (response.BodyBytes is { } bytes)
            {
                await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            }
            else
            {
                await context.Response.WriteAsync(response.Body, Encoding.UTF8, context.RequestAborted);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
