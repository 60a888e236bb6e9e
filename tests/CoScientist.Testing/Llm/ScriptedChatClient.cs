using System.Text.Json;
using CoScientist.Core.Llm;
using Microsoft.Extensions.AI;

namespace CoScientist.Testing.Llm;

/// <summary>One request a <see cref="ScriptedChatClient"/> received, with the messages as they were at that moment.</summary>
public sealed record RecordedRequest(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)
{
    public string? SchemaName => (Options?.ResponseFormat as ChatResponseFormatJson)?.SchemaName;

    public string SystemText => Messages.First(m => m.Role == ChatRole.System).Text;

    /// <summary>The first user message: the prompt the agent wrote (later user messages are repair turns).</summary>
    public string Prompt => Messages.First(m => m.Role == ChatRole.User).Text;
}

/// <summary>
/// A chat client that answers from queues of scripted answers, one queue per JSON schema name
/// (the answer type's name), and records every request. Running out of answers fails loudly.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Dictionary<string, Queue<Func<RecordedRequest, ChatResponse>>> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<RecordedRequest, ChatResponse>> _fallbacks = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();

    public long InputTokensPerCall { get; set; } = 100;

    public long OutputTokensPerCall { get; set; } = 20;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static string Json<T>(T answer) => JsonSerializer.Serialize(answer, JsonDefaults.Options);

    /// <summary>Queues a typed answer for the schema named after <typeparamref name="T"/>.</summary>
    public ScriptedChatClient Enqueue<T>(T answer)
        where T : class => EnqueueText(typeof(T).Name, Json(answer));

    public ScriptedChatClient EnqueueText(string schema, string text, ChatFinishReason? finishReason = null, long? input = null, long? output = null) =>
        EnqueueResponse(schema, _ => Response(text, finishReason, input, output));

    public ScriptedChatClient EnqueueException(string schema, Exception exception) =>
        EnqueueResponse(schema, _ => throw exception);

    public ScriptedChatClient EnqueueResponse(string schema, Func<RecordedRequest, ChatResponse> answer)
    {
        lock (_gate)
        {
            if (!_queues.TryGetValue(schema, out var queue))
            {
                queue = new Queue<Func<RecordedRequest, ChatResponse>>();
                _queues[schema] = queue;
            }

            queue.Enqueue(answer);
        }

        return this;
    }

    /// <summary>Answers every request for <paramref name="schema"/> that finds its queue empty.</summary>
    public ScriptedChatClient Always(string schema, Func<RecordedRequest, ChatResponse> answer)
    {
        lock (_gate)
        {
            _fallbacks[schema] = answer;
        }

        return this;
    }

    public ScriptedChatClient AlwaysText(string schema, string text) => Always(schema, _ => Response(text));

    public ScriptedChatClient Always<T>(T answer)
        where T : class => AlwaysText(typeof(T).Name, Json(answer));

    public ChatResponse Response(string text, ChatFinishReason? finishReason = null, long? input = null, long? output = null) =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            FinishReason = finishReason ?? ChatFinishReason.Stop,
            Usage = new UsageDetails
            {
                InputTokenCount = input ?? InputTokensPerCall,
                OutputTokenCount = output ?? OutputTokensPerCall,
            },
        };

    public IReadOnlyList<RecordedRequest> RequestsFor(string schema) => [.. Requests.Where(r => r.SchemaName == schema)];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = new RecordedRequest([.. messages], options);
        Func<RecordedRequest, ChatResponse>? answer;
        lock (_gate)
        {
            _requests.Add(request);
            var schema = request.SchemaName ?? "";
            if (_queues.TryGetValue(schema, out var queue) && queue.Count > 0)
            {
                answer = queue.Dequeue();
            }
            else if (!_fallbacks.TryGetValue(schema, out answer))
            {
                throw new InvalidOperationException($"No scripted answer left for schema '{schema}'.");
            }
        }

        return Task.FromResult(answer(request));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The agents never stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
