using CoScientist.Api.Problems;
using CoScientist.Api.Rendering;
using CoScientist.Api.Validation;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Results;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using CoScientist.Core.Supervisor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CoScientist.Api.Endpoints;

/// <summary>The research overview: Markdown by default, HTML or the structured overview (JSON) by <c>Accept</c>.</summary>
public sealed class OverviewApi(RunStore store, IOptions<SupervisorOptions> supervisorOptions)
{
    public const string Markdown = "text/markdown";
    public const string Html = "text/html";
    public const string Json = "application/json";

    private static readonly string[] Offered = [Markdown, Html, Json];

    /// <summary><c>GET /api/runs/{runId}/overview</c>, in the format the Accept header asks for.</summary>
    public async Task<IResult> GetOverviewAsync(HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        if (Ids.Check("runId", runId) is { } invalid)
        {
            return invalid;
        }

        var accept = request.Headers.Accept.ToString();
        if (Negotiate(accept) is not { } format)
        {
            return ApiProblems.NotAcceptable(accept, Offered);
        }

        if (await store.GetRunAsync(runId, cancellationToken) is not { } stored)
        {
            return ApiProblems.RunNotFound(runId);
        }

        var overview = await store.GetDocumentAsync<ResearchOverview>(runId, RunStore.OverviewDocument, cancellationToken);
        if (overview is null)
        {
            var status = RunsApi.StatusName(stored.Value.Status);
            return stored.Value.Status.IsTerminal()
                ? ApiProblems.Problem(StatusCodes.Status404NotFound, ProblemTypes.OverviewMissing, "The run has no overview.",
                    $"Run '{runId}' ended ({status}) without a research overview{(stored.Value.StopReason is { } reason ? ": " + reason : ".")}",
                    new() { ["runId"] = runId, ["runStatus"] = status })
                : ApiProblems.Conflict(ProblemTypes.OverviewNotReady, "The overview is not written yet.",
                    $"Run '{runId}' is {status}; the research overview is written when the run ends.", runId, status);
        }

        if (format == Json)
        {
            return ApiResults.Json(overview);
        }

        var snapshot = await RunSnapshot.LoadAsync(store, runId, supervisorOptions.Value.KFactor, cancellationToken);
        var pages = (await store.ListDocumentsAsync<SpecificAimsPage>(runId, RunStore.AimsPrefix, cancellationToken))
            .ToDictionary(p => p.ProposalId, StringComparer.Ordinal);
        var aims = snapshot.Ranked.Where(p => pages.ContainsKey(p.Id)).Select(p => pages[p.Id]).ToList();
        var markdown = OverviewHtml.ForApi(MarkdownReport.Overview(RunExport.From(snapshot, overview, aims)));
        return format == Html
            ? ApiResults.Text(OverviewHtml.Page(markdown, $"Research overview · {runId}"), Html)
            : ApiResults.Text(markdown, Markdown);
    }

    /// <summary>The format to answer in, or null when the Accept header allows none (406).</summary>
    internal static string? Negotiate(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return Markdown;
        }

        if (!MediaTypeHeaderValue.TryParseList([accept], out var ranges) || ranges.Count == 0)
        {
            return null;
        }

        // Highest quality first; among equals, the client's order.
        foreach (var range in ranges.Select((r, i) => (Range: r, Index: i)).OrderByDescending(r => r.Range.Quality ?? 1).ThenBy(r => r.Index).Select(r => r.Range))
        {
            if (range.Quality is 0)
            {
                continue;
            }

            var type = range.MediaType.Value?.ToLowerInvariant();
            var format = type switch
            {
                Markdown or "text/x-markdown" or "text/*" or "*/*" => Markdown,
                Html => Html,
                Json or "application/*" => Json,
                _ => null,
            };
            if (format is not null)
            {
                return format;
            }
        }

        return null;
    }
}
