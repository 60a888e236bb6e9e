using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Literature.Configuration;
using CoScientist.Literature.Search;
using CoScientist.Core.Llm;
using CoScientist.Llm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoScientist.Cli.Commands;

/// <summary>
/// <c>cosci literature search|get</c>: asks one literature API directly, through the same clients,
/// etiquette and parsers the engine uses. An error answer exits 1 with one <c>error:</c> line.
/// </summary>
internal static class LiteratureCommand
{
    private const int DefaultMax = 10;
    private const int MaxMax = 100;

    public static Command Create(CliEnvironment environment)
    {
        var literature = new Command("literature", $"Search a literature source ({string.Join(", ", SourceNames.All)}) or fetch one article.");
        literature.Add(Search(environment));
        literature.Add(Get(environment));
        return literature;
    }

    private static Option<string> SourceOption() =>
        new("--source") { Description = $"The source: {string.Join(", ", SourceNames.All)}.", Required = true };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON (id, doi, title, authors, year, abstract, url, source)." };

    private static Command Search(CliEnvironment environment)
    {
        var source = SourceOption();
        var query = new Option<string>("--query") { Description = "What to search for (the source's own query syntax works too).", Required = true };
        var max = new Option<int>("--max") { Description = $"Most articles to print (1-{MaxMax}).", DefaultValueFactory = _ => DefaultMax };
        var json = JsonOption();
        var command = new Command("search", "Search one source and print the articles found, best first.") { source, query, max, json };
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(query) ?? "";
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UsageException("--query is empty.");
            }

            var count = parse.GetValue(max);
            if (count is < 1 or > MaxMax)
            {
                throw new UsageException($"--max must be between 1 and {MaxMax} (got {count}).");
            }

            return await WithClientAsync(environment, parse.GetValue(source)!, async client =>
            {
                var articles = await client.SearchAsync(text, count, ct);
                await WriteAsync(environment, articles, parse.GetValue(json));
                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static Command Get(CliEnvironment environment)
    {
        var source = SourceOption();
        var id = new Option<string>("--id") { Description = "PMID, arXiv id, DOI or the source's own id (pmid:, arxiv:, doi:, openalex:, pmcid: prefixes work).", Required = true };
        var json = JsonOption();
        var command = new Command("get", "Fetch one article by id and print it.") { source, id, json };
        command.SetAction(async (parse, ct) =>
        {
            var articleId = parse.GetValue(id) ?? "";
            return await WithClientAsync(environment, parse.GetValue(source)!, async client =>
            {
                Article? article;
                try
                {
                    article = await client.GetAsync(articleId, ct);
                }
                catch (ArgumentException ex)
                {
                    throw new UsageException($"--id: {ex.Message.Split(" (Parameter", 2)[0]}");
                }

                if (article is null)
                {
                    await environment.Error.WriteLineAsync($"error: {client.Name} has no article '{articleId}'.");
                    return ExitCodes.RunFailed;
                }

                await WriteAsync(environment, [article], parse.GetValue(json), single: true);
                return ExitCodes.Success;
            });
        });
        return command;
    }

    /// <summary>Builds the source's client from configuration and runs <paramref name="action"/>; an API failure is one error line and exit 1.</summary>
    private static async Task<int> WithClientAsync(CliEnvironment environment, string sourceName, Func<ILiteratureClient, Task<int>> action)
    {
        var name = SourceNames.Normalize(sourceName)
            ?? throw new UsageException($"--source '{sourceName}' is not a literature source: use {string.Join(", ", SourceNames.All)}.");
        var services = new ServiceCollection();
        services.AddLiteratureSources(environment.BuildConfiguration());
        await using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<LiteratureOptions>>().Value;
        }
        catch (InvalidOperationException ex)
        {
            // The binder's answer to e.g. Literature__PubMed__RequestsPerSecond=fast.
            throw new UsageException($"a {LiteratureOptions.SectionName} setting has the wrong type: {ex.Message}");
        }

        var client = provider.GetRequiredService<LiteratureSources>().Get(name);
        try
        {
            return await action(client);
        }
        catch (LiteratureSourceException ex)
        {
            await environment.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.RunFailed;
        }
    }

    private static async Task WriteAsync(CliEnvironment environment, IReadOnlyList<Article> articles, bool asJson, bool single = false)
    {
        if (asJson)
        {
            var rows = articles.Select(ArticleJson.From).ToList();
            await environment.Out.WriteLineAsync(single
                ? JsonSerializer.Serialize(rows[0], JsonDefaults.Indented)
                : JsonSerializer.Serialize(rows, JsonDefaults.Indented));
            return;
        }

        if (articles.Count == 0)
        {
            await environment.Out.WriteLineAsync("No articles found.");
            return;
        }

        var text = new StringBuilder();
        foreach (var (article, i) in articles.Select((a, i) => (a, i + 1)))
        {
            var year = article.Year is { } y ? $" ({y.ToString(CultureInfo.InvariantCulture)})" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"{i}. {(article.Title.Length > 0 ? article.Title : "(untitled)")}{year}");
            text.AppendLine(CultureInfo.InvariantCulture, $"   {string.Join(" · ", new[] { article.Id, article.Doi is null ? null : $"doi:{article.Doi}", article.Source }.Where(p => p is not null))}");
            if (article.Authors.Count > 0)
            {
                var shown = string.Join(", ", article.Authors.Take(3));
                text.AppendLine(article.Authors.Count > 3 ? $"   {shown}, … ({article.Authors.Count} authors)" : $"   {shown}");
            }

            if (article.Url is { } url)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"   {url}");
            }

            if (article.Abstract.Length > 0)
            {
                var flat = article.Abstract.ReplaceLineEndings(" ");
                text.AppendLine(CultureInfo.InvariantCulture, $"   {(flat.Length > 300 ? flat[..300].TrimEnd() + "…" : flat)}");
            }

            text.AppendLine();
        }

        await environment.Out.WriteAsync(text.ToString());
    }

    /// <summary>An article as <c>--json</c> prints it.</summary>
    private sealed record ArticleJson(string Id, string? Doi, string Title, IReadOnlyList<string> Authors, int? Year, string Abstract, string? Url, string Source)
    {
        public static ArticleJson From(Article a) => new(a.Id, a.Doi, a.Title, a.Authors, a.Year, a.Abstract, a.Url, a.Source);
    }
}
