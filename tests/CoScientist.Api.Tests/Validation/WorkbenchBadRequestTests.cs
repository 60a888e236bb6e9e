using System.Net;
using System.Text;
using System.Text.Json;
using CoScientist.Api.Tests.Infrastructure;

namespace CoScientist.Api.Tests.Validation;

/// <summary>
/// The workbench's endpoints answer bad input as the rest of the API does: a 4xx problem naming the
/// reason, and nothing stored changed (the run's entities and documents, and the number of runs).
/// </summary>
public sealed class WorkbenchBadRequestTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    private const string Json = "application/json";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiTestServer Server => fixture.Server;

    private string RunId => fixture.CompletedRunId;

    private string Favourites => $"/api/runs/{RunId}/favourites";

    // --- POST /api/estimates: the body and rules of POST /api/runs

    [Fact]
    public Task Estimate_WithoutGoal_Is400NamingGoal() =>
        ExpectValidation("/api/estimates", """{"maxProposals": 6}""", "goal", "is required.");

    [Fact]
    public Task Estimate_WithMaxProposalsOutOfRange_Is400() =>
        ExpectValidation("/api/estimates", """{"goal": "g", "maxProposals": 501}""", "maxProposals", "must be between 2 and 500 (got 501)");

    [Fact]
    public Task Estimate_WithBudgetNotPositive_Is400() =>
        ExpectValidation("/api/estimates", """{"goal": "g", "budgetUsd": 0}""", "budgetUsd", "must be more than 0");

    [Fact]
    public Task Estimate_WithUnknownModel_Is400() =>
        ExpectValidation("/api/estimates", """{"goal": "g", "model": "gpt-5"}""", "model", "unknown model 'gpt-5'");

    [Fact]
    public Task Estimate_WithUnknownField_Is400() =>
        Expect(HttpMethod.Post, "/api/estimates", """{"goal": "g", "temperature": 0.2}""", Json, HttpStatusCode.BadRequest, "unknown-fields", "temperature");

    [Fact]
    public Task Estimate_MalformedJson_Is400() =>
        Expect(HttpMethod.Post, "/api/estimates", """{"goal": """, Json, HttpStatusCode.BadRequest, "malformed-json", "");

    [Fact]
    public Task Estimate_TextPlainBody_Is415() =>
        Expect(HttpMethod.Post, "/api/estimates", "goal", "text/plain", HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "text/plain");

    [Fact]
    public Task Estimate_BodyOver256KB_Is413() =>
        Expect(HttpMethod.Post, "/api/estimates", JsonSerializer.Serialize(new { goal = new string('x', 300 * 1024) }), Json, HttpStatusCode.RequestEntityTooLarge, "payload-too-large", "262144");

    // --- run ids and proposal ids in the new routes

    [Theory]
    [InlineData("/api/runs/run-x/ratings")]
    [InlineData("/api/runs/run-x/lineage")]
    [InlineData("/api/runs/run-x/set-aside")]
    [InlineData("/api/runs/run-x/favourites")]
    [InlineData("/api/runs/run-x/proposals/P-1/citations")]
    [InlineData("/api/runs/run-x/downloads/run.json")]
    public Task UnknownRun_OnEveryNewReadEndpoint_Is404(string path) =>
        Expect(HttpMethod.Get, path, null, null, HttpStatusCode.NotFound, "run-not-found", "'run-x'");

    [Theory]
    [InlineData("/api/runs/bad%21id/ratings")]
    [InlineData("/api/runs/bad%21id/lineage")]
    [InlineData("/api/runs/bad%21id/set-aside")]
    [InlineData("/api/runs/bad%21id/favourites")]
    [InlineData("/api/runs/bad%21id/downloads/run.json")]
    public Task MalformedRunId_OnEveryNewEndpoint_Is400NamingRunId(string path) =>
        ExpectValidation(path, null, "runId", "may hold only ASCII letters", HttpMethod.Get);

    [Fact]
    public Task Citations_OfUnknownProposal_Is404() =>
        Expect(HttpMethod.Get, $"/api/runs/{RunId}/proposals/P-none/citations", null, null, HttpStatusCode.NotFound, "proposal-not-found", "'P-none'");

    [Fact]
    public Task Citations_WithMalformedProposalId_Is400() =>
        ExpectValidation($"/api/runs/{RunId}/proposals/bad%21id/citations", null, "proposalId", "may hold only ASCII letters", HttpMethod.Get);

    // --- downloads

    [Theory]
    [InlineData("overview.pdf")]
    [InlineData("run.JSON")]
    [InlineData("..%2Frun.json")]
    public Task Download_OfAFileNotOffered_Is400ListingTheFiles(string file) =>
        ExpectValidation($"/api/runs/{RunId}/downloads/{file}", null, "file", "must be one of run.json, results.md, citations.bib, citations.ris", HttpMethod.Get);

    // --- POST /api/runs/{runId}/favourites

    [Fact]
    public Task Favourite_WithoutProposalId_Is400() =>
        ExpectValidation(Favourites, """{"favourite": true}""", "proposalId", "is required.");

    [Fact]
    public Task Favourite_WithoutFavourite_Is400SayingWhatItMeans() =>
        ExpectValidation(Favourites, """{"proposalId": "P-1"}""", "favourite", "true to mark the proposal, false to unmark it");

    [Fact]
    public Task Favourite_WithMalformedProposalId_Is400() =>
        ExpectValidation(Favourites, """{"proposalId": "no spaces", "favourite": true}""", "proposalId", "is not a proposal id");

    [Fact]
    public Task Favourite_WithFavouriteNotABoolean_Is400() =>
        Expect(HttpMethod.Post, Favourites, """{"proposalId": "P-1", "favourite": "yes"}""", Json, HttpStatusCode.BadRequest, "validation", "favourite");

    [Fact]
    public Task Favourite_OfUnknownProposal_Is404() =>
        Expect(HttpMethod.Post, Favourites, """{"proposalId": "P-none", "favourite": true}""", Json, HttpStatusCode.NotFound, "proposal-not-found", "'P-none'");

    [Fact]
    public Task Favourite_OnUnknownRun_Is404() =>
        Expect(HttpMethod.Post, "/api/runs/run-x/favourites", """{"proposalId": "P-1", "favourite": true}""", Json, HttpStatusCode.NotFound, "run-not-found", "'run-x'");

    [Fact]
    public Task Favourite_WithEmptyBody_Is400() =>
        ExpectValidation(Favourites, "", "body", "is empty");

    [Fact]
    public Task Favourite_WithoutContentType_Is415() =>
        Expect(HttpMethod.Post, Favourites, """{"proposalId": "P-1", "favourite": true}""", null, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "");

    // --- the page's files, at the site root; none under /api any more

    [Theory]
    [InlineData("/secrets.json")]
    [InlineData("/..%2F..%2Fappsettings.json")]
    [InlineData("/vendor/")]
    public async Task Workbench_FileNotAmongItsAssets_Is404(string path)
    {
        using var response = await Server.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public Task Workbench_UnderTheOldApiPath_Is404() =>
        Expect(HttpMethod.Get, "/api/workbench/app.js", null, null, HttpStatusCode.NotFound, "not-found", "");

    private Task<JsonElement> ExpectValidation(string path, string? body, string field, string message, HttpMethod? method = null) =>
        ExpectCore(method ?? HttpMethod.Post, path, r => SetBody(r, body, method is null || method == HttpMethod.Post ? Json : null),
            response => ProblemAssert.IsValidationAsync(response, field, message));

    private Task<JsonElement> Expect(HttpMethod method, string path, string? body, string? contentType, HttpStatusCode status, string type, string detail) =>
        ExpectCore(method, path, r => SetBody(r, body, contentType), response => ProblemAssert.IsAsync(response, status, type, detail));

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
        if (body is null)
        {
            return;
        }

        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }
    }
}
