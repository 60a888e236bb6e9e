using CoScientist.Core.Llm;
using System.ClientModel;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace CoScientist.Llm;

/// <summary>
/// Turns the OpenAI library's failures into exceptions that say what happened: an HTTP 400
/// content-filter refusal becomes <see cref="ModelAnswerException"/> with IsContentFilter, other HTTP
/// failures become <see cref="ModelProviderException"/>, and a network timeout becomes
/// <see cref="TimeoutException"/>. Messages name the endpoint host and model, never the key.
/// </summary>
internal sealed class ProviderErrorChatClient(IChatClient inner, ProviderContext context) : DelegatingChatClient(inner)
{
    private const int MaxProviderMessageLength = 400;

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // yield cannot sit inside try/catch, so the enumerator is driven by hand.
        var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (enumerator)
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
                {
                    throw translated;
                }

                yield return enumerator.Current;
            }
        }
    }

    internal Exception? Translate(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return exception switch
        {
            ClientResultException { Status: 400 } ex when IsContentFilter(ex) => ContentFilter(ex),
            ClientResultException ex => ProviderFailure(ex),
            OperationCanceledException or TimeoutException => Timeout(exception, retries: 0),
            AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OperationCanceledException or TimeoutException) =>
                Timeout(aggregate, aggregate.InnerExceptions.Count - 1),
            AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions[^1] is ClientResultException last =>
                ProviderFailure(last, aggregate),
            _ => null,
        };
    }

    private ModelAnswerException ContentFilter(ClientResultException ex)
    {
        var message = $"The model provider's content filter refused the request (HTTP 400, {context.Describe()}): {ProviderMessage(ex)}";
        return SafeInner(ex) is { } inner
            ? new ModelAnswerException(message, inner) { IsContentFilter = true }
            : new ModelAnswerException(message) { IsContentFilter = true };
    }

    private TimeoutException Timeout(Exception exception, int retries) => new(
        $"No answer within {context.NetworkTimeout.TotalSeconds:0.#} s (Llm:NetworkTimeoutSeconds) from {context.Describe()}"
        + (retries switch { 0 => ".", 1 => " after 1 retry.", _ => $" after {retries} retries." }),
        exception);

    private ModelProviderException ProviderFailure(ClientResultException ex, Exception? outer = null)
    {
        var where = context.Describe();
        var detail = ProviderMessage(ex);
        var message = ex.Status switch
        {
            0 => $"Could not reach {where}: {context.Redact(ex.Message)}",
            401 => $"HTTP 401 from {where}: the credentials were refused ({context.CredentialHint}). {detail}",
            403 => $"HTTP 403 from {where}: the credentials may not use this model ({context.CredentialHint}). {detail}",
            404 => $"HTTP 404 from {where}: no such model or deployment, or a wrong endpoint path (check Llm:Model, Llm:AgentModels and Llm:Endpoint). {detail}",
            408 or 429 or >= 500 => $"HTTP {ex.Status} from {where} after {context.MaxRetries} {(context.MaxRetries == 1 ? "retry" : "retries")} (Llm:MaxRetries). {detail}",
            _ => $"HTTP {ex.Status} from {where}. {detail}",
        };
        message = message.TrimEnd();
        return SafeInner(outer ?? ex) is { } inner
            ? new ModelProviderException(message, inner) { Status = ex.Status, EndpointHost = context.EndpointHost, ModelId = context.Model }
            : new ModelProviderException(message) { Status = ex.Status, EndpointHost = context.EndpointHost, ModelId = context.Model };
    }

    // The library's exception quotes the response body verbatim; if that echoes the key, the
    // exception is dropped so logging the new one (with inner exceptions) cannot leak it.
    private Exception? SafeInner(Exception exception) =>
        context.Mentions(exception.ToString()) ? null : exception;

    private static bool IsContentFilter(ClientResultException ex)
    {
        var error = ErrorObject(ex);
        if (error is not { } e)
        {
            return false;
        }

        return StringProperty(e, "code") == "content_filter"
            || (e.TryGetProperty("innererror", out var inner) && inner.ValueKind == JsonValueKind.Object
                && StringProperty(inner, "code") == "ResponsibleAIPolicyViolation");
    }

    private string ProviderMessage(ClientResultException ex)
    {
        var error = ErrorObject(ex);
        var code = error is { } e1 ? StringProperty(e1, "code") : null;
        var text = error is { } e2 ? StringProperty(e2, "message") : null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return code is null ? "" : $"Provider error code: {code}.";
        }

        var combined = code is null ? text : $"{code}: {text}";
        combined = context.Redact(combined.ReplaceLineEndings(" ").Trim());
        return combined.Length > MaxProviderMessageLength ? combined[..MaxProviderMessageLength] + "…" : combined;
    }

    private static JsonElement? ErrorObject(ClientResultException ex)
    {
        var content = ex.GetRawResponse()?.Content;
        if (content is null || content.ToMemory().IsEmpty)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content.ToMemory());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return error.Clone();
            }
        }
        catch (JsonException)
        {
            // Not an OpenAI-style error body; the status alone has to do.
        }

        return null;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
