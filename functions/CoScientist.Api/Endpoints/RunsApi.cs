using CoScientist.Core.Orchestration;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CoScientist.Api.Contracts;
using CoScientist.Api.Problems;
using CoScientist.Api.Validation;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Api.Endpoints;

/// <summary>
/// Runs: start, list, status, pause, resume, stop and feedback. Each method takes plain inputs
/// and returns the answer, so <c>MapCoScientistApi</c> and an Azure Functions trigger call the same code.
/// </summary>
public sealed class RunsApi(
    RunService runs,
    RunStore store,
    IRunOrchestrations orchestrations,
    ServerModel model,
    RunRequestRules rules,
    IOptions<ApiOptions> apiOptions,
    IOptions<SupervisorOptions> supervisorOptions,
    ILogger<RunsApi> logger)
{
    private readonly ApiOptions _options = apiOptions.Value;

    /// <summary><c>POST /api/runs</c>: 202 with the run id and where to poll it.</summary>
    public async Task<IResult> CreateRunAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateRunRequest>(request, _options.MaxRequestBodyBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (runRequest, errors) = RunRequestValidator.Validate(body.Value!, model, rules);
        if (runRequest is null)
        {
            return errors.ToProblem();
        }

        RunRecord run;
        try
        {
            run = await runs.StartAsync(runRequest, cancellationToken);
        }
        catch (RunRequestException ex)
        {
            return ApiProblems.Validation("body", ex.Message);
        }

        ApiLog.RunStarted(logger, run.Id, run.Budget.MaxProposals, run.Seed, model.Provider);
        var url = ApiLinks.Run(request, run.Id);
        return ApiResults.Json(new RunCreatedResponse(run.Id, run.Status, url, run.ModelDescription, run.Simulated), StatusCodes.Status202Accepted, url);
    }

    /// <summary><c>GET /api/runs?top=&amp;continuation=</c>: runs newest first, a page at a time.</summary>
    public async Task<IResult> ListRunsAsync(HttpRequest request, string? top, string? continuation, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var size = Query.Int(errors, "top", top, 1, _options.MaxPageSize) ?? _options.DefaultPageSize;
        RunCursor? after = null;
        if (continuation is not null && !RunCursor.TryDecode(continuation, out after))
        {
            errors.Add("continuation", "is not a continuation token this API issued.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // The runs table is one partition of modest size: read it and order it here.
        var all = (await store.ListRunsAsync(cancellationToken))
            .OrderByDescending(r => r.CreatedAt)
            .ThenByDescending(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var start = after is null ? 0 : all.FindIndex(r => after.IsBefore(r));
        var page = start < 0 ? [] : all.Skip(start).Take(size).ToList();
        var more = start >= 0 && start + page.Count < all.Count;
        var next = more && page.Count > 0 ? RunCursor.Of(page[^1]).Encode() : null;
        return ApiResults.Json(new RunListResponse([.. page.Select(r => Views.Summary(request, r))], next));
    }

    /// <summary><c>GET /api/runs/{runId}</c>: status, statistics, cost, round and counts.</summary>
    public async Task<IResult> GetRunAsync(HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        if (Ids.Check("runId", runId) is { } invalid)
        {
            return invalid;
        }

        return await StatusAsync(request, runId, cancellationToken) ?? ApiProblems.RunNotFound(runId);
    }

    /// <summary><c>POST /api/runs/{runId}/pause</c>: a pending or running run stops taking new steps until resumed.</summary>
    public Task<IResult> PauseRunAsync(HttpRequest request, string runId, CancellationToken cancellationToken) =>
        ControlAsync(request, runId, "pause", runs.PauseAsync, cancellationToken);

    /// <summary><c>POST /api/runs/{runId}/resume</c>: a paused run goes on where it was.</summary>
    public Task<IResult> ResumeRunAsync(HttpRequest request, string runId, CancellationToken cancellationToken) =>
        ControlAsync(request, runId, "resume", runs.ResumeAsync, cancellationToken);

    /// <summary><c>POST /api/runs/{runId}/stop</c>: the run writes its overview from what exists and ends as stopped.</summary>
    public Task<IResult> StopRunAsync(HttpRequest request, string runId, CancellationToken cancellationToken) =>
        ControlAsync(request, runId, "stop", runs.StopAsync, cancellationToken);

    /// <summary><c>POST /api/runs/{runId}/feedback</c>: 202; the agents see the text from the next round.</summary>
    public async Task<IResult> AddFeedbackAsync(HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        if (Ids.Check("runId", runId) is { } invalid)
        {
            return invalid;
        }

        var body = await JsonBody.ReadAsync<FeedbackRequest>(request, _options.MaxRequestBodyBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        errors.RequiredText("text", body.Value!.Text, rules.Limits.MaxFeedbackCharacters);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        try
        {
            var run = await runs.AddFeedbackAsync(runId, body.Value.Text!, cancellationToken);
            var added = run.Feedback[^1];
            ApiLog.FeedbackAdded(logger, runId, run.Feedback.Count);
            var url = ApiLinks.Run(request, runId);
            return ApiResults.Json(new FeedbackAcceptedResponse(runId, added.Text, added.At, run.Feedback.Count, url), StatusCodes.Status202Accepted, url);
        }
        catch (RunNotFoundException)
        {
            return ApiProblems.RunNotFound(runId);
        }
        catch (RunLimitException ex)
        {
            return ApiProblems.Validation("text", ex.Message);
        }
        catch (RunRequestException ex)
        {
            return await EndedAsync(runId, ex.Message, cancellationToken);
        }
    }

    private async Task<IResult> ControlAsync(
        HttpRequest request,
        string runId,
        string action,
        Func<string, CancellationToken, Task<RunRecord>> change,
        CancellationToken cancellationToken)
    {
        if (Ids.Check("runId", runId) is { } invalid)
        {
            return invalid;
        }

        RunRecord run;
        try
        {
            run = await change(runId, cancellationToken);
        }
        catch (RunNotFoundException)
        {
            return ApiProblems.RunNotFound(runId);
        }
        catch (RunRequestException ex)
        {
            var current = (await store.GetRunAsync(runId, cancellationToken))?.Value.Status;
            return ApiProblems.Conflict(ProblemTypes.InvalidTransition, $"The run cannot {action}.", ex.Message, runId, StatusName(current));
        }

        var status = StatusName(run.Status)!;
        ApiLog.RunControlled(logger, runId, action, status);
        return await StatusAsync(request, runId, cancellationToken) ?? ApiProblems.RunNotFound(runId);
    }

    private async Task<IResult?> StatusAsync(HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        RunSnapshot snapshot;
        try
        {
            snapshot = await RunSnapshot.LoadAsync(store, runId, supervisorOptions.Value.KFactor, cancellationToken);
        }
        catch (RunNotFoundException)
        {
            return null;
        }

        var overview = await store.GetDocumentAsync<ResearchOverview>(runId, RunStore.OverviewDocument, cancellationToken);
        var orchestration = await orchestrations.GetStateAsync(runId, cancellationToken);
        return ApiResults.Json(Views.Status(request, snapshot, overview is not null, orchestration));
    }

    private async Task<IResult> EndedAsync(string runId, string detail, CancellationToken cancellationToken)
    {
        var current = (await store.GetRunAsync(runId, cancellationToken))?.Value.Status;
        return ApiProblems.Conflict(ProblemTypes.RunEnded, "The run takes no more input.", detail, runId, StatusName(current));
    }

    internal static string? StatusName(RunStatus? status) => status?.ToString().ToLowerInvariant();

    /// <summary>
    /// Position in the newest-first order, handed out as an opaque token. It names the last run
    /// returned rather than an offset, so runs started meanwhile do not shift the next page.
    /// </summary>
    internal sealed record RunCursor(DateTimeOffset CreatedAt, string Id)
    {
        private const string Version = "1";

        public static RunCursor Of(RunRecord run) => new(run.CreatedAt, run.Id);

        /// <summary>True when <paramref name="run"/> comes after this cursor in the newest-first order.</summary>
        public bool IsBefore(RunRecord run) =>
            run.CreatedAt < CreatedAt || (run.CreatedAt == CreatedAt && string.CompareOrdinal(run.Id, Id) < 0);

        public string Encode() =>
            Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Version}|{CreatedAt.UtcTicks}|{Id}")));

        public static bool TryDecode(string token, out RunCursor? cursor)
        {
            cursor = null;
            if (token.Length is 0 or > 256)
            {
                return false;
            }

            string text;
            try
            {
                text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            }
            catch (FormatException)
            {
                return false;
            }

            var parts = text.Split('|');
            if (parts is not [Version, var ticksText, var id]
                || !long.TryParse(ticksText, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
                || !Ids.IsValid(id))
            {
                return false;
            }

            cursor = new RunCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            return true;
        }
    }
}
