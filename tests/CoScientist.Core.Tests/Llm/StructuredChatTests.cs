using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Llm;
using Microsoft.Extensions.AI;
using CoScientist.Testing.Llm;

namespace CoScientist.Core.Tests.Llm;

/// <summary>An answer type for the tests: a name and a value that must not be negative.</summary>
public sealed record ProbeAnswer(string Name, int Value) : IValidatedAnswer
{
    public IEnumerable<string> Validate()
    {
        if (Value < 0)
        {
            yield return "value must not be negative.";
        }
    }
}

public sealed class StructuredChatTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ScriptedChatClient _client = new();

    private const string Schema = nameof(ProbeAnswer);

    private StructuredChat Chat(int maxAttempts = 3, ModelPrice? price = null, bool simulated = false) =>
        TestData.Chat(new FakeModelProvider(_client, price, simulated: simulated), maxAttempts);

    private Task<ProbeAnswer> AskAsync(StructuredChat chat, UsageMeter meter) =>
        chat.AskAsync<ProbeAnswer>(ModelSlot.Generation, "You are a probe.", "Say something.", meter, Ct);

    [Fact]
    public async Task AskAsync_ValidJson_ReturnsTheTypedRecord()
    {
        _client.EnqueueText(Schema, """{"name":"alpha","value":3}""");

        var answer = await AskAsync(Chat(), new UsageMeter());

        Assert.Equal(new ProbeAnswer("alpha", 3), answer);
        Assert.Single(_client.Requests);
    }

    [Fact]
    public async Task AskAsync_AnyCall_SendsInstructionsAsSystemAndPromptAsUser()
    {
        _client.Enqueue(new ProbeAnswer("a", 1));

        await AskAsync(Chat(), new UsageMeter());

        var request = Assert.Single(_client.Requests);
        Assert.Equal([ChatRole.System, ChatRole.User], request.Messages.Select(m => m.Role));
        Assert.Equal("You are a probe.", request.Messages[0].Text);
        Assert.Equal("Say something.", request.Messages[1].Text);
        Assert.Equal(FakeModelProvider.ModelId, request.Options?.ModelId);
    }

    [Theory]
    [InlineData("```json\n{\"name\":\"fenced\",\"value\":1}\n```")]
    [InlineData("```\n{\"name\":\"fenced\",\"value\":1}\n```")]
    [InlineData("  \n```json\n{\"name\":\"fenced\",\"value\":1}\n```  \n")]
    public async Task AskAsync_CodeFencedJson_IsAccepted(string text)
    {
        _client.EnqueueText(Schema, text);

        var answer = await AskAsync(Chat(), new UsageMeter());

        Assert.Equal(new ProbeAnswer("fenced", 1), answer);
        Assert.Single(_client.Requests);
    }

    [Fact]
    public async Task AskAsync_MalformedThenValid_SucceedsAndMetersBothCalls()
    {
        _client.EnqueueText(Schema, "{\"name\": \"cut off", input: 100, output: 10)
            .EnqueueText(Schema, """{"name":"ok","value":2}""", input: 250, output: 40);
        var meter = new UsageMeter();

        var answer = await AskAsync(Chat(price: new ModelPrice(1m, 2m)), meter);

        Assert.Equal("ok", answer.Name);
        Assert.Equal(2, _client.Requests.Count);
        Assert.Equal(new StepUsage(2, 350, 50, ((350 * 1m) + (50 * 2m)) / 1_000_000m), meter.Total);
    }

    [Fact]
    public async Task AskAsync_AlwaysMalformed_ThrowsAfterMaxAttemptsWithRepairTurns()
    {
        _client.AlwaysText(Schema, "not json at all");

        var ex = await Assert.ThrowsAsync<ModelAnswerException>(() => AskAsync(Chat(maxAttempts: 3), new UsageMeter()));

        Assert.False(ex.IsContentFilter);
        Assert.Contains(Schema, ex.Message, StringComparison.Ordinal);
        var requests = _client.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal(2, requests[0].Messages.Count);

        var second = requests[1].Messages;
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User], second.Select(m => m.Role));
        Assert.Equal("not json at all", second[2].Text);
        Assert.Contains("could not be used", second[3].Text, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", second[3].Text, StringComparison.Ordinal);
        Assert.Equal(6, requests[2].Messages.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public async Task AskAsync_AlwaysMalformed_AsksExactlyMaxAttemptsTimes(int maxAttempts)
    {
        _client.AlwaysText(Schema, "{");
        var meter = new UsageMeter();

        await Assert.ThrowsAsync<ModelAnswerException>(() => AskAsync(Chat(maxAttempts), meter));

        Assert.Equal(maxAttempts, _client.Requests.Count);
        Assert.Equal(maxAttempts, meter.Total.Calls);
    }

    [Fact]
    public async Task AskAsync_AnswerBreaksValidation_RepairTurnNamesTheProblem()
    {
        _client.EnqueueText(Schema, """{"name":"neg","value":-4}""")
            .EnqueueText(Schema, """{"name":"pos","value":4}""");

        var answer = await AskAsync(Chat(), new UsageMeter());

        Assert.Equal(4, answer.Value);
        var repair = _client.Requests[1].Messages[^1];
        Assert.Equal(ChatRole.User, repair.Role);
        Assert.Contains("value must not be negative.", repair.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("null")]
    public async Task AskAsync_EmptyOrNullAnswer_IsRepaired(string text)
    {
        _client.EnqueueText(Schema, text).EnqueueText(Schema, """{"name":"x","value":0}""");

        var answer = await AskAsync(Chat(), new UsageMeter());

        Assert.Equal("x", answer.Name);
        Assert.Equal(2, _client.Requests.Count);
    }

    [Fact]
    public async Task AskAsync_ContentFilter_ThrowsAtOnceAndKeepsTheUsage()
    {
        _client.EnqueueText(Schema, "", ChatFinishReason.ContentFilter, input: 70, output: 0)
            .EnqueueText(Schema, """{"name":"never","value":1}""");
        var meter = new UsageMeter();

        var ex = await Assert.ThrowsAsync<ModelAnswerException>(() => AskAsync(Chat(), meter));

        Assert.True(ex.IsContentFilter);
        Assert.Single(_client.Requests);
        Assert.Equal(new StepUsage(1, 70, 0, 0m), meter.Total);
    }

    [Fact]
    public async Task AskAsync_PricedModel_CostComputedFromModelPrice()
    {
        _client.EnqueueText(Schema, """{"name":"a","value":1}""", input: 1_000_000, output: 500_000);
        var meter = new UsageMeter();

        await AskAsync(Chat(price: new ModelPrice(InputPerMillionUsd: 2m, OutputPerMillionUsd: 8m)), meter);

        Assert.Equal(6m, meter.Total.CostUsd);
        Assert.Equal(1_500_000, meter.Total.TotalTokens);
    }

    [Fact]
    public async Task AskAsync_SimulatedModel_MarksTheMeterSimulated()
    {
        _client.Enqueue(new ProbeAnswer("a", 1));
        var meter = new UsageMeter();

        await AskAsync(Chat(simulated: true), meter);

        Assert.True(meter.Simulated);
    }

    [Fact]
    public async Task AskAsync_ResponseFormat_IsJsonSchemaNamedAfterTheAnswerType()
    {
        _client.Enqueue(new ProbeAnswer("a", 1));

        await AskAsync(Chat(), new UsageMeter());

        var format = Assert.IsType<ChatResponseFormatJson>(Assert.Single(_client.Requests).Options?.ResponseFormat);
        Assert.Equal("ProbeAnswer", format.SchemaName);
        Assert.NotNull(format.Schema);
        Assert.Contains("\"value\"", format.Schema.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_Seed_ComesFromTheMeterAndChangesPerCall()
    {
        _client.Always(new ProbeAnswer("a", 1));
        var chat = Chat();
        var reference = new UsageMeter(99);

        await AskAsync(chat, new UsageMeter(99));
        var meter = new UsageMeter(99);
        await AskAsync(chat, meter);
        await AskAsync(chat, meter);

        var seeds = _client.Requests.Select(r => r.Options?.Seed).ToList();
        var first = reference.NextSeed();
        Assert.Equal(new long?[] { first, first, reference.NextSeed() }, seeds);
        Assert.NotEqual(seeds[1], seeds[2]);
    }

    [Fact]
    public async Task AskAsync_RepairTurns_KeepTheSameSeed()
    {
        _client.EnqueueText(Schema, "{").EnqueueText(Schema, """{"name":"a","value":1}""");

        await AskAsync(Chat(), new UsageMeter(5));

        Assert.Equal(_client.Requests[0].Options?.Seed, _client.Requests[1].Options?.Seed);
    }
}
