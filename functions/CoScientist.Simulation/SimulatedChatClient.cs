using CoScientist.Core.Determinism;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CoScientist.Core.Agents;
using CoScientist.Core.Agents.Generation;
using CoScientist.Core.Agents.MetaReviewer;
using CoScientist.Core.Agents.Ranking;
using CoScientist.Core.Agents.Reflection;
using CoScientist.Core.Agents.Supervisor;
using CoScientist.Core.Llm;
using Microsoft.Extensions.AI;

namespace CoScientist.Simulation;

/// <summary>
/// The deterministic offline model. It answers every agent's JSON schema with valid, varied,
/// clearly labelled content; each proposal it writes carries a latent quality that its reviews
/// and tournament verdicts see through noise, so runs and benchmarks behave measurably. The same
/// seed and the same prompt always give the same answer, whichever process asks.
/// </summary>
public sealed class SimulatedChatClient(SimulationOptions settings) : IChatClient
{
    public const string ModelId = "simulated";

    /// <summary>Characters per token, roughly, for English prose with a BPE tokenizer.</summary>
    private const double CharsPerToken = 4.0;

    private readonly SimulatedAnswers _answers = new(settings.Seed, new QualitySeal(settings.MarkerKey));

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        if (settings.LatencyMs > 0)
        {
            await Task.Delay(settings.LatencyMs, cancellationToken);
        }

        var schema = (options?.ResponseFormat as ChatResponseFormatJson)?.SchemaName ?? "";
        var system = string.Join("\n", list.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
        var prompt = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var random = new Random(StableHash.Combine(settings.Seed, options?.Seed ?? 0, StableHash.Of(schema), StableHash.Of(system), StableHash.Of(prompt)));
        object answer = schema switch
        {
            nameof(ResearchPlanAnswer) => SimulatedAnswers.Plan(prompt),
            nameof(SearchQueriesAnswer) => SimulatedAnswers.Queries(prompt, random),
            nameof(DebateTurnAnswer) => SimulatedAnswers.DebateTurn(prompt, random),
            nameof(AssumptionsAnswer) => SimulatedAnswers.Assumptions(prompt, random),
            nameof(ProposalDraft) => _answers.Proposal(system, prompt, random),
            nameof(LiteratureSummaryAnswer) => SimulatedAnswers.Summary(prompt, random),
            nameof(ReviewAnswer) => _answers.Review(prompt, random, _answers.Invents(prompt, SimulatedAnswers.ReviewInventionRate), system),
            nameof(MatchVerdictAnswer) => _answers.Verdict(prompt, random, settings.PositionBias, system),
            nameof(MetaReviewAnswer) => SimulatedAnswers.MetaReview(random),
            nameof(OverviewAnswer) => SimulatedAnswers.Overview(prompt, random),
            nameof(SpecificAimsAnswer) => SimulatedAnswers.SpecificAims(prompt, random),
            _ => throw new NotSupportedException($"The simulated model has no answer for the schema '{schema}'."),
        };
        var json = JsonSerializer.Serialize(answer, answer.GetType(), JsonDefaults.Options);
        var input = (long)Math.Ceiling(list.Sum(m => m.Text.Length) / CharsPerToken);
        var output = (long)Math.Ceiling(json.Length / CharsPerToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, json))
        {
            ModelId = ModelId,
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
