using System.Text;
using System.Text.Json;
using CoScientist.Api.Contracts;
using CoScientist.Api.Downloads;
using CoScientist.Api.Problems;
using CoScientist.Api.Validation;
using CoScientist.Core.Llm;
using CoScientist.Core.Results;
using CoScientist.Core.Runs;
using CoScientist.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace CoScientist.Api.Endpoints;

/// <summary>
/// <c>GET /api/runs/{runId}/downloads/{file}</c>: the run's results as files, as <c>cosci export</c>
/// writes them: <c>run.json</c>, the Markdown results, and the cited articles as BibTeX and RIS.
/// </summary>
public sealed class DownloadsApi(RunStore store, RunInsightsApi insights)
{
    public const string RunJson = "run.json";
    public const string ResultsMarkdown = "results.md";
    public const string BibTeX = "citations.bib";
    public const string Ris = "citations.ris";

    /// <summary>Every file a run offers, with its media type.</summary>
    public static IReadOnlyDictionary<string, string> Files { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [RunJson] = "application/json",
        [ResultsMarkdown] = "text/markdown",
        [BibTeX] = "application/x-bibtex",
        [Ris] = "application/x-research-info-systems",
    };

    public async Task<IResult> GetDownloadAsync(HttpRequest request, string runId, string file, CancellationToken cancellationToken)
    {
        if (Ids.Check("runId", runId) is { } invalid)
        {
            return invalid;
        }

        if (!Files.TryGetValue(file, out var mediaType))
        {
            return ApiProblems.Validation("file", $"must be one of {string.Join(", ", Files.Keys)} (got '{Shorten(file)}').");
        }

        RunExport export;
        try
        {
            export = await RunExport.LoadAsync(store, runId, cancellationToken);
        }
        catch (RunNotFoundException)
        {
            return ApiProblems.RunNotFound(runId);
        }

        var text = file switch
        {
            RunJson => JsonSerializer.Serialize(export, JsonDefaults.Indented),
            ResultsMarkdown => Markdown(export),
            _ => await CitationsAsync(export, file, cancellationToken),
        };
        return new FileTextResult(text, mediaType, $"{runId}-{file}");
    }

    private static string Markdown(RunExport export)
    {
        var text = new StringBuilder(MarkdownReport.Overview(export));
        foreach (var ranked in export.Ranking)
        {
            text.Append("\n\n---\n\n").Append(MarkdownReport.Proposal(ranked, export));
        }

        return text.ToString();
    }

    private async Task<string> CitationsAsync(RunExport export, string file, CancellationToken cancellationToken)
    {
        var retrieved = await insights.RetrievedByKeyAsync(export.Run.Id, cancellationToken);
        var cited = export.Proposals
            .Where(p => p.IsShown)
            .SelectMany(p => p.Articles)
            .DistinctBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => RunInsightsApi.Cited(a, retrieved))
            .ToList();
        return file == BibTeX ? CitationFormats.BibTeX(cited) : CitationFormats.Ris(cited);
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>A text file to save: UTF-8, with a file name the browser offers.</summary>
    public sealed class FileTextResult(string text, string mediaType, string fileName) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        public string Text => text;

        public string FileName => fileName;

        public int? StatusCode => StatusCodes.Status200OK;

        public string ContentType => mediaType + "; charset=utf-8";

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = ContentType;
            // The run id is checked ([A-Za-z0-9._-]) and the file name is one of four: safe in a quoted header value.
            httpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            httpContext.Response.Headers.XContentTypeOptions = "nosniff";
            await httpContext.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), httpContext.RequestAborted);
        }
    }
}
