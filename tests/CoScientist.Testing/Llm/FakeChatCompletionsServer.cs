using CoScientist.Core.Llm;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoScientist.Testing.Llm;

/// <summary>One request the fake server received.</summary>
public sealed record ReceivedRequest(
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>An answer the fake server gives, optionally after a delay.</summary>
public sealed record ScriptedResponse(
    int Status,
    string Body,
    IReadOnlyDictionary<string, string>? Headers = null,
    TimeSpan Delay = default)
{
    /// <summary>A chat completion in the OpenAI wire format.</summary>
    public static ScriptedResponse Completion(
        string content,
        string finishReason = "stop",
        int promptTokens = 100,
        int completionTokens = 20,
        string model = "served-model",
        TimeSpan delay = default)
    {
        var body = JsonSerializer.Serialize(new
        {
            id = "chatcmpl-test",
            @object = "chat.completion",
            created = 1_700_000_000,
            model,
            choices = new[]
            {
                new
                {
                    index = 0,
                    message = new { role = "assistant", content },
                    finish_reason = finishReason,
                },
            },
            usage = new
            {
                prompt_tokens = promptTokens,
                completion_tokens = completionTokens,
                total_tokens = promptTokens + completionTokens,
            },
        });
        return new ScriptedResponse(200, body, Delay: delay);
    }

    /// <summary>An OpenAI-style error: <c>{"error":{"code","message",...}}</c>.</summary>
    public static ScriptedResponse Error(int status, string code, string message, string? retryAfter = null, object? innerError = null)
    {
        var body = JsonSerializer.Serialize(new
        {
            error = new { message, type = (string?)null, param = (string?)null, code, status, innererror = innerError },
        });
        var headers = retryAfter is null ? null : new Dictionary<string, string> { ["Retry-After"] = retryAfter };
        return new ScriptedResponse(status, body, headers);
    }

    /// <summary>An embeddings answer with one vector per input.</summary>
    public static ScriptedResponse Embeddings(int count, int dimensions = 3)
    {
        var body = JsonSerializer.Serialize(new
        {
            @object = "list",
            data = Enumerable.Range(0, count).Select(i => new
            {
                @object = "embedding",
                index = i,
                embedding = Enumerable.Range(0, dimensions).Select(d => (float)(i + d) / 10).ToArray(),
            }),
            model = "embedding-model",
            usage = new { prompt_tokens = 5, total_tokens = 5 },
        });
        return new ScriptedResponse(200, body);
    }
}

/// <summary>
/// An in-process HTTP server on 127.0.0.1 (random port) that speaks the OpenAI wire format for any
/// POST path: it answers with scripted responses in order (then <see cref="Fallback"/>) and logs
/// every request with headers and body. Optionally HTTPS with a self-signed certificate.
/// </summary>
public sealed class FakeChatCompletionsServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();
    private readonly Lock _gate = new();
    private readonly List<ReceivedRequest> _requests = [];
    private WebApplication? _app;
    private int _inFlight;
    private int _maxInFlight;

    private FakeChatCompletionsServer()
    {
    }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The self-signed certificate when started with HTTPS.</summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>The answer when the script is used up.</summary>
    public ScriptedResponse Fallback { get; set; } = ScriptedResponse.Completion("""{"title":"fallback","score":1}""");

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Most requests ever being handled at the same time.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static async Task<FakeChatCompletionsServer> StartAsync(bool https = false)
    {
        var server = new FakeChatCompletionsServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (https)
        {
            server.Certificate = CreateCertificate();
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (server.Certificate is { } certificate)
            {
                listen.UseHttps(certificate);
            }
        }));

        var app = builder.Build();
        app.MapPost("/{**path}", server.HandleAsync);
        await app.StartAsync();
        server._app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    public void Enqueue(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    /// <summary>An HTTP client that trusts this server's certificate and leaves timeouts to the pipeline.</summary>
    public HttpClient CreateHttpClient()
    {
        var thumbprint = Certificate?.Thumbprint;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == System.Net.Security.SslPolicyErrors.None
            || (thumbprint is not null && certificate is X509Certificate2 c && c.Thumbprint == thumbprint);
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Certificate?.Dispose();
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

            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            lock (_gate)
            {
                _requests.Add(new ReceivedRequest(DateTimeOffset.UtcNow, context.Request.Method, context.Request.Path.Value ?? "", headers, body));
            }

            var response = _script.TryDequeue(out var scripted) ? scripted : Fallback;
            if (response.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(response.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return; // The client gave up; nobody reads the answer.
                }
            }

            context.Response.StatusCode = response.Status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(response.Body, context.RequestAborted);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Re-import so Kestrel gets a certificate whose private key is usable on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
