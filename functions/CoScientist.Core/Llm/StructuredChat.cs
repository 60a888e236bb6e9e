using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Core.Llm;

/// <summary>Options for <see cref="StructuredChat"/>.</summary>
public sealed class StructuredChatOptions
{
    public const string SectionName = "StructuredChat";

    /// <summary>How many answers a model gets per question before the step fails (first try included).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Upper bound on output tokens per call.</summary>
    public int MaxOutputTokens { get; set; } = 4096;

    /// <summary>Sampling temperature; null leaves the provider's default.</summary>
    public float? Temperature { get; set; }
}

/// <summary>
/// Every agent's LLM call goes through here: it requests a typed answer through a JSON schema,
/// meters tokens and cost, and gives a malformed answer a bounded number of repair turns before
/// failing the step with <see cref="ModelAnswerException"/>.
/// </summary>
public sealed partial class StructuredChat(
    IAgentModelProvider models,
    IOptions<StructuredChatOptions> options,
    ILogger<StructuredChat> logger)
{
    private readonly StructuredChatOptions _options = options.Value;

    public async Task<T> AskAsync<T>(
        ModelSlot slot,
        string instructions,
        string prompt,
        UsageMeter meter,
        CancellationToken cancellationToken = default)
        where T : class
    {
        var model = models.GetModel(slot);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, instructions),
            new(ChatRole.User, prompt),
        };
        var chatOptions = new ChatOptions
        {
            ModelId = model.ModelId,
            MaxOutputTokens = _options.MaxOutputTokens,
            Temperature = _options.Temperature,
            Seed = meter.NextSeed(),
            ResponseFormat = ChatResponseFormat.ForJsonSchema<T>(JsonDefaults.Options, typeof(T).Name),
        };

        string problem = "";
        for (var attempt = 1; attempt <= Math.Max(1, _options.MaxAttempts); attempt++)
        {
            var response = await model.Client.GetResponseAsync(messages, chatOptions, cancellationToken);
            var usage = response.Usage;
            var input = usage?.InputTokenCount ?? 0;
            var output = usage?.OutputTokenCount ?? 0;
            var cost = model.Price.Cost(input, output);
            meter.Record(new StepUsage(1, input, output, cost), model.Simulated);
            LogCall(logger, slot.Key, model.ModelId, typeof(T).Name, input, output, cost);

            if (response.FinishReason == ChatFinishReason.ContentFilter)
            {
                throw new ModelAnswerException(
                    $"The model provider's content filter refused to answer ({slot.Key}, {model.ModelId}).")
                {
                    IsContentFilter = true,
                };
            }

            var text = response.Text;
            (var answer, problem) = TryParse<T>(text);
            if (answer is not null)
            {
                return answer;
            }

            LogMalformedAnswer(logger, slot.Key, model.ModelId, attempt, problem);
            messages.Add(new ChatMessage(ChatRole.Assistant, text));
            messages.Add(new ChatMessage(
                ChatRole.User,
                $"Your answer could not be used: {problem} Answer again with one JSON object that follows the schema exactly, and nothing else."));
        }

        throw new ModelAnswerException(
            $"The model gave no usable {typeof(T).Name} after {_options.MaxAttempts} attempts ({slot.Key}, {model.ModelId}): {problem}");
    }

    internal static (T? Answer, string Problem) TryParse<T>(string text)
        where T : class
    {
        var json = StripCodeFence(text);
        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, "the answer was empty.");
        }

        T? answer;
        try
        {
            answer = JsonSerializer.Deserialize<T>(json, JsonDefaults.Options);
        }
        catch (JsonException ex)
        {
            return (null, $"it is not valid JSON for {typeof(T).Name} ({ex.Message}).");
        }

        if (answer is null)
        {
            return (null, "the answer was JSON null.");
        }

        if (answer is IValidatedAnswer validated)
        {
            var problems = validated.Validate().ToList();
            if (problems.Count > 0)
            {
                return (null, string.Join(" ", problems));
            }
        }

        return (answer, "");
    }

    // Some OpenAI-compatible servers wrap JSON in a Markdown fence even in JSON mode.
    private static string StripCodeFence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var firstLineEnd = trimmed.IndexOf('\n', StringComparison.Ordinal);
        var lastFence = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLineEnd < 0 || lastFence <= firstLineEnd ? trimmed : trimmed[(firstLineEnd + 1)..lastFence].Trim();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "LLM call {Slot} ({ModelId}) for {Schema}: {InputTokens} input and {OutputTokens} output tokens, {CostUsd} USD")]
    private static partial void LogCall(ILogger logger, string slot, string modelId, string schema, long inputTokens, long outputTokens, decimal costUsd);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed answer from {Slot} ({ModelId}), attempt {Attempt}: {Problem}")]
    private static partial void LogMalformedAnswer(ILogger logger, string slot, string modelId, int attempt, string problem);
}
