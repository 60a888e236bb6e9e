using System.Net;
using System.Text;
using System.Text.Json;
using CoScientist.Api.Tests.Infrastructure;

namespace CoScientist.Api.Tests.Validation;

/// <summary>
/// Each way a request can be wrong gets its own 4xx problem naming the reason, and leaves
/// everything stored as it was: the run's entities and their ETags, and the number of runs.
/// These tests have a server of their own, so that no other test's run changes that number.
/// </summary>
public sealed class BadRequestTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    private const string Json = "application/json";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiTestServer Server => fixture.Server;

    private string RunId => fixture.CompletedRunId;

    private string Runs => "/api/runs";

    private string Proposals => $"/api/runs/{RunId}/proposals";

    // --- POST /api/runs: fields

    [Fact]
    public Task CreateRun_WithoutGoal_Is400NamingGoal() =>
        ExpectValidation(Runs, """{"maxProposals": 6}""", "goal", "is required.");

    [Fact]
    public Task CreateRun_WithBlankGoal_Is400NamingGoal() =>
        ExpectValidation(Runs, """{"goal": "   "}""", "goal", "must not be empty.");

    [Fact]
    public Task CreateRun_WithGoalOver4000Characters_Is400NamingTheLimit() =>
        ExpectValidation(Runs, JsonSerializer.Serialize(new { goal = new string('g', 4001) }), "goal", "4001 characters long; the limit is 4000");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(501)]
    public Task CreateRun_WithMaxProposalsOutOfRange_Is400(int maxProposals) =>
        ExpectValidation(Runs, $$"""{"goal": "g", "maxProposals": {{maxProposals}}}""", "maxProposals", $"must be between 2 and 500 (got {maxProposals})");

    [Fact]
    public Task CreateRun_WithZeroMaxMatches_Is400() =>
        ExpectValidation(Runs, """{"goal": "g", "maxMatches": 0}""", "maxMatches", "must be between 1 and 5000 (got 0).");

    [Fact]
    public Task CreateRun_WithMatchesOverTheServerMaximum_Is400NamingTheLimit() =>
        ExpectValidation(Runs, """{"goal": "g", "maxMatches": 100000}""", "maxMatches", "must be between 1 and 5000 (got 100000). That is more than this server's maximum, set by RunLimits:MaxMatches.");

    [Fact]
    public Task CreateRun_WithTokensOverTheServerMaximum_Is400NamingTheLimit() =>
        ExpectValidation(Runs, """{"goal": "g", "maxTokens": 26000000000}""", "maxTokens", "must be at most 200000000 (got 26000000000). That is more than this server's maximum, set by RunLimits:MaxTokens.");

    [Theory]
    [InlineData("0")]
    [InlineData("-1.5")]
    [InlineData("1000.01")]
    public Task CreateRun_WithBudgetNotPositiveOrTooLarge_Is400(string budget) =>
        ExpectValidation(Runs, $$"""{"goal": "g", "budgetUsd": {{budget}}}""", "budgetUsd", "must be more than 0 and at most 1000");

    [Fact]
    public Task CreateRun_WithNonPositiveMaxTokens_Is400() =>
        ExpectValidation(Runs, """{"goal": "g", "maxTokens": 0}""", "maxTokens", "must be positive");

    [Fact]
    public Task CreateRun_WithNonPositiveMaxMinutes_Is400() =>
        ExpectValidation(Runs, """{"goal": "g", "maxMinutes": -5}""", "maxMinutes", "must be more than 0");

    [Fact]
    public Task CreateRun_WithAnEmptyPreference_Is400NamingTheItem() =>
        ExpectValidation(Runs, """{"goal": "g", "preferences": ["ok", ""]}""", "preferences", "item 1 must not be empty.");

    [Fact]
    public Task CreateRun_WithTooManyConstraints_Is400() =>
        ExpectValidation(Runs, JsonSerializer.Serialize(new { goal = "g", constraints = Enumerable.Range(0, 21).Select(i => $"c{i}") }), "constraints", "has 21 items; the limit is 20.");

    [Fact]
    public Task CreateRun_WithUnknownModel_Is400ListingTheProviders() =>
        ExpectValidation(Runs, """{"goal": "g", "model": "gpt-5"}""", "model", "unknown model 'gpt-5': choose simulated, azure-openai, openai.");

    [Fact]
    public Task CreateRun_WithAnotherProviderThanTheServers_Is400SayingWhich() =>
        ExpectValidation(Runs, """{"goal": "g", "model": "azure-openai"}""", "model", "this server runs every run on the 'simulated' provider, so 'azure-openai' cannot be chosen per run");

    [Fact]
    public Task CreateRun_WithBlankModel_Is400() =>
        ExpectValidation(Runs, """{"goal": "g", "model": ""}""", "model", "must not be empty");

    [Fact]
    public Task CreateRun_WithFractionalSeed_Is400() =>
        ExpectValidation(Runs, """{"goal": "g", "seed": 1.5}""", "seed", "must be an integer between -2147483648 and 2147483647 (got a number 1.5)");

    [Fact]
    public Task CreateRun_WithSeedBeyond32Bits_Is400() =>
        ExpectValidation(Runs, """{"goal": "g", "seed": 3000000000}""", "seed", "must be an integer between");

    [Fact]
    public Task CreateRun_WithANumberAsAString_Is400() =>
        ExpectValidation(Runs, """{"goal": "g", "maxProposals": "6"}""", "maxProposals", "must be an integer between -2147483648 and 2147483647 (got a string)");

    [Theory]
    [InlineData("\"no\"", "a string")]
    [InlineData("0", "a number")]
    public Task CreateRun_WithLiteratureNotABoolean_Is400NamingIt(string value, string got) =>
        ExpectValidation(Runs, $$"""{"goal": "g", "literature": {{value}}}""", "literature", $"must be true or false (got {got}");

    [Fact]
    public Task CreateRun_WithGoalNotAString_Is400() =>
        ExpectValidation(Runs, """{"goal": ["a", "b"]}""", "goal", "must be a string (got an array)");

    [Fact]
    public async Task CreateRun_WithSeveralBadFields_ListsThemAll()
    {
        var problem = await ExpectValidation(Runs, """{"goal": "", "maxProposals": 0, "budgetUsd": 0}""", "goal", "must not be empty.");
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Equal(["goal", "maxProposals", "budgetUsd"], errors);
    }

    // --- POST bodies: form

    [Fact]
    public async Task MalformedJson_Is400NamingLineAndPosition()
    {
        var problem = await Expect(HttpMethod.Post, Runs, "{\n  \"goal\": \"g\",\n  \"seed\": 7,,\n}", Json, HttpStatusCode.BadRequest, "malformed-json", "at line 3, position");
        Assert.Equal(3, problem.GetProperty("line").GetInt32());
        Assert.True(problem.GetProperty("position").GetInt32() > 1);
    }

    [Fact]
    public async Task InvalidUtf8_Is400()
    {
        var before = await Server.FingerprintAsync(RunId, includeRunCount: true, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, Runs)
        {
            Content = new ByteArrayContent([.. "{\"goal\": \"ab"u8, 0xC3, 0x28, .. "\"}"u8]),
        };
        request.Content.Headers.ContentType = new(Json);
        using var response = await Server.Client.SendAsync(request, Ct);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "malformed-json", "not valid UTF-8 at line 1, position 13 (byte 12)");
        Assert.Equal(13, problem.GetProperty("position").GetInt32());
        Assert.Equal(before, await Server.FingerprintAsync(RunId, includeRunCount: true, Ct));
    }

    [Fact]
    public Task TruncatedJson_Is400MalformedJson() =>
        Expect(HttpMethod.Post, Runs, """{"goal": "g""", Json, HttpStatusCode.BadRequest, "malformed-json", "line 1");

    [Fact]
    public Task DuplicateField_Is400MalformedJson() =>
        Expect(HttpMethod.Post, Runs, """{"goal": "a", "goal": "b"}""", Json, HttpStatusCode.BadRequest, "malformed-json", "goal");

    [Fact]
    public async Task UnknownFields_Are400ListingEachOfThem()
    {
        var problem = await Expect(HttpMethod.Post, Runs, """{"goal": "g", "Seed": 1, "budget": 2}""", Json, HttpStatusCode.BadRequest, "unknown-fields", "Unknown field(s): Seed, budget.");
        Assert.Equal(["Seed", "budget"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Contains("seed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public Task BodyThatIsNotAnObject_Is400() =>
        ExpectValidation(Runs, """["goal"]""", "body", "must be a JSON object (got an array).");

    [Fact]
    public Task EmptyBody_Is400() =>
        ExpectValidation(Runs, "", "body", "is empty; expected a JSON object.");

    [Fact]
    public Task TextPlainBody_Is415() =>
        Expect(HttpMethod.Post, Runs, """{"goal": "g"}""", "text/plain", HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "Content-Type 'text/plain' is not supported");

    [Fact]
    public Task BodyWithoutContentType_Is415() =>
        Expect(HttpMethod.Post, Runs, """{"goal": "g"}""", null, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "no Content-Type header");

    [Fact]
    public Task JsonInAnotherCharset_Is415() =>
        Expect(HttpMethod.Post, Runs, """{"goal": "g"}""", "application/json; charset=utf-16", HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "utf-16");

    [Fact]
    public async Task BodyOver256KB_WithContentLength_Is413()
    {
        var body = JsonSerializer.Serialize(new { goal = new string('x', 300 * 1024) });
        var problem = await Expect(HttpMethod.Post, Runs, body, Json, HttpStatusCode.RequestEntityTooLarge, "payload-too-large", "the limit is 262144 bytes");
        Assert.Equal(262144, problem.GetProperty("limitBytes").GetInt32());
    }

    [Fact]
    public async Task BodyOver256KB_Chunked_Is413()
    {
        var before = await Server.FingerprintAsync(RunId, includeRunCount: true, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, Runs)
        {
            // A stream of unknown length goes out chunked: the limit is enforced while reading.
            Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { goal = new string('x', 300 * 1024) })))),
        };
        request.Content.Headers.ContentType = new(Json);
        using var response = await Server.Client.SendAsync(request, Ct);

        Assert.Null(request.Content.Headers.ContentLength);
        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large", "longer than the limit of 262144 bytes");
        Assert.Equal(before, await Server.FingerprintAsync(RunId, includeRunCount: true, Ct));
    }

    // --- ids

    [Fact]
    public async Task UnknownRun_Is404NamingTheId()
    {
        var problem = await Expect(HttpMethod.Get, "/api/runs/run-19990101-000000-abcdef", null, null, HttpStatusCode.NotFound, "run-not-found", "No run with id 'run-19990101-000000-abcdef'.");
        Assert.Equal("run-19990101-000000-abcdef", problem.GetProperty("runId").GetString());
    }

    [Theory]
    [InlineData("/api/runs/run-x/proposals")]
    [InlineData("/api/runs/run-x/overview")]
    [InlineData("/api/runs/run-x/proposals/P-1")]
    [InlineData("/api/runs/run-x/proposals/P-1/aims")]
    public Task UnknownRun_OnEveryReadEndpoint_Is404(string path) =>
        Expect(HttpMethod.Get, path, null, null, HttpStatusCode.NotFound, "run-not-found", "'run-x'");

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("stop")]
    public Task UnknownRun_OnControl_Is404(string action) =>
        Expect(HttpMethod.Post, $"/api/runs/run-x/{action}", null, null, HttpStatusCode.NotFound, "run-not-found", "'run-x'");

    [Fact]
    public Task UnknownRun_OnFeedback_Is404() =>
        Expect(HttpMethod.Post, "/api/runs/run-x/feedback", """{"text": "t"}""", Json, HttpStatusCode.NotFound, "run-not-found", "'run-x'");

    [Fact]
    public Task UnknownRun_OnAddProposal_Is404() =>
        Expect(HttpMethod.Post, "/api/runs/run-x/proposals", """{"title": "t", "statement": "s"}""", Json, HttpStatusCode.NotFound, "run-not-found", "'run-x'");

    [Theory]
    [InlineData("has%20space", "may hold only ASCII letters")]
    [InlineData("run%2Fslash", "may hold only ASCII letters")]
    [InlineData("-leading-dash", "must start with a letter or digit")]
    [InlineData("r%C3%A9sum%C3%A9", "may hold only ASCII letters")]
    public Task MalformedRunId_Is400NamingRunId(string escapedId, string message) =>
        ExpectValidation($"/api/runs/{escapedId}", null, "runId", message, HttpMethod.Get);

    [Fact]
    public Task RunIdOver64Characters_Is400() =>
        ExpectValidation($"/api/runs/{new string('a', 65)}", null, "runId", "65 characters long; the limit is 64.", HttpMethod.Get);

    [Fact]
    public async Task UnknownProposal_Is404NamingIt()
    {
        var problem = await Expect(HttpMethod.Get, $"{Proposals}/P-nope", null, null, HttpStatusCode.NotFound, "proposal-not-found", $"Run '{RunId}' has no proposal with id 'P-nope'.");
        Assert.Equal("P-nope", problem.GetProperty("proposalId").GetString());
    }

    [Fact]
    public Task UnknownProposal_ForSpecificAims_Is404() =>
        Expect(HttpMethod.Get, $"{Proposals}/P-nope/aims", null, null, HttpStatusCode.NotFound, "proposal-not-found", "'P-nope'");

    [Fact]
    public Task MalformedProposalId_Is400() =>
        ExpectValidation($"{Proposals}/bad%21id", null, "proposalId", "may hold only ASCII letters", HttpMethod.Get);

    // --- query strings

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("ten")]
    public Task ListRuns_WithBadTop_Is400(string top) =>
        ExpectValidation($"{Runs}?top={top}", null, "top", $"must be an integer between 1 and 100 (got '{top}')", HttpMethod.Get);

    [Fact]
    public Task ListRuns_WithForgedContinuation_Is400() =>
        ExpectValidation($"{Runs}?continuation=bm90LWEtdG9rZW4", null, "continuation", "is not a continuation token this API issued.", HttpMethod.Get);

    [Fact]
    public Task Leaderboard_WithBadTop_Is400() =>
        ExpectValidation($"{Proposals}?top=-3", null, "top", "must be an integer between 1 and 1000 (got '-3')", HttpMethod.Get);

    // --- scientist input

    [Fact]
    public async Task AddProposal_WithoutTitleAndStatement_Is400NamingBoth()
    {
        var problem = await ExpectValidation(Proposals, """{"background": "b"}""", "title", "is required.");
        Assert.True(problem.GetProperty("errors").TryGetProperty("statement", out _));
    }

    [Fact]
    public Task AddProposal_WithEmptyStudyStep_Is400() =>
        ExpectValidation(Proposals, """{"title": "t", "statement": "s", "studySteps": [" "]}""", "studySteps", "item 0 must not be empty.");

    [Fact]
    public Task AddProposal_WithTitleOver300Characters_Is400() =>
        ExpectValidation(Proposals, JsonSerializer.Serialize(new { title = new string('t', 301), statement = "s" }), "title", "the limit is 300");

    [Fact]
    public Task AddProposal_WithUnknownField_Is400() =>
        Expect(HttpMethod.Post, Proposals, """{"title": "t", "statement": "s", "elo": 2000}""", Json, HttpStatusCode.BadRequest, "unknown-fields", "elo");

    [Fact]
    public async Task AddProposal_ToACompletedRun_Is409()
    {
        var problem = await Expect(HttpMethod.Post, Proposals, """{"title": "t", "statement": "s"}""", Json, HttpStatusCode.Conflict, "run-ended", "it takes no new input");
        Assert.Equal("completed", problem.GetProperty("runStatus").GetString());
    }

    [Fact]
    public async Task AddReview_OfAnUnknownProposal_Is404()
    {
        var problem = await Expect(HttpMethod.Post, $"/api/runs/{RunId}/reviews", """{"proposalId": "P-nope", "text": "good"}""", Json, HttpStatusCode.NotFound, "proposal-not-found", "'P-nope'");
        Assert.Equal("P-nope", problem.GetProperty("proposalId").GetString());
    }

    [Fact]
    public async Task AddReview_ToACompletedRun_Is409()
    {
        var proposalId = (await Server.GetJsonAsync(Proposals, Ct)).GetProperty("proposals")[0].GetProperty("id").GetString();
        await Expect(HttpMethod.Post, $"/api/runs/{RunId}/reviews", JsonSerializer.Serialize(new { proposalId, text = "good" }), Json, HttpStatusCode.Conflict, "run-ended", "has ended");
    }

    [Fact]
    public async Task AddReview_WithoutTextAndWithABadProposalId_Is400NamingBoth()
    {
        var problem = await ExpectValidation($"/api/runs/{RunId}/reviews", """{"proposalId": "no spaces please"}""", "proposalId", "is not a proposal id");
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
    }

    [Fact]
    public Task Feedback_WithEmptyText_Is400() =>
        ExpectValidation($"/api/runs/{RunId}/feedback", """{"text": ""}""", "text", "must not be empty.");

    [Fact]
    public Task Feedback_WithTextOver4000Characters_Is400() =>
        ExpectValidation($"/api/runs/{RunId}/feedback", JsonSerializer.Serialize(new { text = new string('f', 4001) }), "text", "the limit is 4000");

    [Fact]
    public async Task Feedback_ToACompletedRun_Is409()
    {
        var problem = await Expect(HttpMethod.Post, $"/api/runs/{RunId}/feedback", """{"text": "more"}""", Json, HttpStatusCode.Conflict, "run-ended", "feedback can no longer change it");
        Assert.Equal("completed", problem.GetProperty("runStatus").GetString());
    }

    [Theory]
    [InlineData("pause", "cannot be paused")]
    [InlineData("stop", "has already ended")]
    public Task Control_OfACompletedRun_Is409(string action, string reason) =>
        Expect(HttpMethod.Post, $"/api/runs/{RunId}/{action}", null, null, HttpStatusCode.Conflict, "invalid-transition", reason);

    // --- representations and routes

    [Fact]
    public Task Overview_InAFormatNotOffered_Is406()
    {
        return ExpectWith(HttpMethod.Get, $"/api/runs/{RunId}/overview", r => r.Headers.Accept.ParseAdd("application/pdf"),
            HttpStatusCode.NotAcceptable, "not-acceptable", "Accept 'application/pdf' matches nothing");
    }

    [Fact]
    public Task UnknownRoute_Is404Problem() =>
        Expect(HttpMethod.Get, "/api/nothing-here", null, null, HttpStatusCode.NotFound, "not-found", "/api/nothing-here");

    [Fact]
    public Task WrongMethod_Is405Problem() =>
        Expect(HttpMethod.Delete, $"/api/runs/{RunId}", null, null, HttpStatusCode.MethodNotAllowed, "method-not-allowed", "DELETE is not supported");

    private Task<JsonElement> ExpectValidation(string path, string? body, string field, string message, HttpMethod? method = null) =>
        ExpectCore(method ?? HttpMethod.Post, path, r => SetBody(r, body, method is null || method == HttpMethod.Post ? Json : null),
            response => ProblemAssert.IsValidationAsync(response, field, message));

    private Task<JsonElement> Expect(HttpMethod method, string path, string? body, string? contentType, HttpStatusCode status, string type, string detail) =>
        ExpectCore(method, path, r => SetBody(r, body, contentType), response => ProblemAssert.IsAsync(response, status, type, detail));

    private Task<JsonElement> ExpectWith(HttpMethod method, string path, Action<HttpRequestMessage> prepare, HttpStatusCode status, string type, string detail) =>
        ExpectCore(method, path, prepare, response => ProblemAssert.IsAsync(response, status, type, detail));

    /// <summary>Sends the request and checks its problem, then that nothing stored changed.</summary>
    private async Task<JsonElement> ExpectCore(HttpMethod method, string path, Action<HttpRequestMessage> prepare, Func<HttpResponseMessage, Task<JsonElement>> check)
    {
        var before = await Server.FingerprintAsync(RunId, includeRunCount: true, Ct);
        using var request = new HttpRequestMessage(method, path);
        prepare(request);
        using var response = await Server.Client.SendAsync(request, Ct);
        var problem = await check(response);
        Assert.Equal(before, await Server.FingerprintAsync(RunId, includeRunCount: true, Ct));
        return problem;
    }

    private static void SetBody(HttpRequestMessage request, string? body, string? contentType)
    {
        if (body is null && contentType is null)
        {
            return;
        }

        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body ?? ""));
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }
    }

    /// <summary>A stream that does not tell its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
