using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CoScientist.Testing;

namespace CoScientist.Cli.Tests;

/// <summary><c>cosci literature</c> against a local HTTP server standing in for the APIs (BaseUrl settings), serving recorded answers.</summary>
public sealed class LiteratureCommandTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_PubMedJson_PrintsTheParsedArticlesWithTheDocumentedFields()
    {
        await using var server = LocalApi.Start(target => target switch
        {
            _ when target.Contains("esearch.fcgi", StringComparison.Ordinal) => LocalApi.Xml(Fixture("pubmed/biopython_esearch3.xml")),
            _ when target.Contains("efetch.fcgi", StringComparison.Ordinal) => LocalApi.Xml(Fixture("pubmed/biopython_pubmed2.xml")),
            _ => LocalApi.NotFound,
        });

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(Settings("pubmed", server), "literature", "search", "--source", "pubmed", "--query", "cryopreservation sperm", "--max", "2", "--json");

        Assert.True(exit == 0, stderr);
        var articles = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, articles.Count);
        Assert.Equal(["id", "doi", "title", "authors", "year", "abstract", "url", "source"], articles[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("pmid:11748933", articles[0].GetProperty("id").GetString());
        Assert.Equal("10.1006/cryo.2001.2328", articles[0].GetProperty("doi").GetString());
        Assert.StartsWith("Is cryopreservation a homogeneous process?", articles[0].GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(8, articles[0].GetProperty("authors").GetArrayLength());
        Assert.Equal(2001, articles[0].GetProperty("year").GetInt32());
        Assert.Contains("(P < 0.001)", articles[0].GetProperty("abstract").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://pubmed.ncbi.nlm.nih.gov/11748933/", articles[0].GetProperty("url").GetString());
        Assert.Equal("pubmed", articles[0].GetProperty("source").GetString());
        Assert.Contains(server.Targets, t => t.Contains("term=cryopreservation%20sperm", StringComparison.Ordinal) && t.Contains("retmax=2", StringComparison.Ordinal));
        Assert.Contains(server.Targets, t => t.Contains("id=11121077%2C11121076", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_ArxivJson_PrintsOneArticleObject()
    {
        await using var server = LocalApi.Start(target => target.Contains("id_list=1605.08386", StringComparison.Ordinal)
            ? LocalApi.Xml(Fixture("arxiv/arxivpy_id_1605.08386.xml"))
            : LocalApi.NotFound);

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(Settings("arxiv", server), "literature", "get", "--source", "arxiv", "--id", "arxiv:1605.08386v1", "--json");

        Assert.True(exit == 0, stderr);
        var article = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(JsonValueKind.Object, article.ValueKind);
        Assert.Equal("arxiv:1605.08386", article.GetProperty("id").GetString());
        Assert.Equal("Heat-bath random walks with Markov bases", article.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, article.GetProperty("doi").ValueKind);
        Assert.Equal(["Caprice Stanley", "Tobias Windisch"], article.GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Search_WithoutJson_PrintsAReadableList()
    {
        await using var server = LocalApi.Start(_ => LocalApi.Json(Fixture("openalex/paperqa_works_filter_title_search_chemcrow_2_results.json")));

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(Settings("openalex", server), "literature", "search", "--source", "OpenAlex", "--query", "chemistry tools");

        Assert.True(exit == 0, stderr);
        Assert.Contains("1. Augmenting large language models with chemistry tools (2024)", stdout, StringComparison.Ordinal);
        Assert.Contains("openalex:W4396723768 · doi:10.1038/s42256-024-00832-8 · openalex", stdout, StringComparison.Ordinal);
        Assert.Contains("2. ChemCrow: Augmenting large-language models with chemistry tools (2023)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_JsonErrorAnswer_ExitsOneWithOneErrorLine()
    {
        await using var server = LocalApi.Start(_ => (400, "application/json", """{"status":"failed","message-type":"validation-failure","message":[{"value":"0","message":"Integer specified as 0 but must be a positive integer.","type":"integer-not-valid"}]}"""));

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(Settings("crossref", server), "literature", "search", "--source", "crossref", "--query", "x", "--json");

        Assert.Equal(ExitCodes.RunFailed, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("error: crossref: Integer specified as 0 but must be a positive integer. (HTTP 400)", line.TrimEnd('\r'));
    }

    [Fact]
    public async Task Search_NcbiErrorWithStatus200_ExitsOneWithNcbisMessage()
    {
        await using var server = LocalApi.Start(_ => LocalApi.Xml("<eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>"));

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(Settings("pubmed", server), "literature", "search", "--source", "pubmed", "--query", "((", "--json");

        Assert.Equal(ExitCodes.RunFailed, exit);
        Assert.Equal("", stdout);
        Assert.Equal("error: pubmed: NCBI error: Invalid query", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r'));
    }

    [Fact]
    public async Task Get_UnknownDoi_ExitsOneSayingSo()
    {
        await using var server = LocalApi.Start(_ => (404, "text/plain", "Resource not found."));

        var (exit, _, stderr) = await CliRunner.InvokeAsync(Settings("crossref", server), "literature", "get", "--source", "crossref", "--id", "10.9999/none");

        Assert.Equal(ExitCodes.RunFailed, exit);
        Assert.Equal("error: crossref has no article '10.9999/none'.", stderr.Trim());
    }

    [Theory]
    [InlineData("--source", "scholar", "--query", "x")]
    [InlineData("--source", "pubmed", "--query", "x", "--max", "0")]
    [InlineData("--source", "pubmed", "--query", "   ")]
    [InlineData("--source", "pubmed")]
    public async Task Search_BadUsage_ExitsTwo(params string[] args)
    {
        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(null, ["literature", "search", .. args]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_IdTheSourceCannotUse_ExitsTwo()
    {
        var (exit, _, stderr) = await CliRunner.InvokeAsync("literature", "get", "--source", "arxiv", "--id", "not-an-id");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith("error: --id: 'not-an-id' is not an arXiv id", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadBaseUrlSetting_ExitsTwoNamingTheKey()
    {
        var settings = new Dictionary<string, string?> { ["Literature:PubMed:BaseUrl"] = "not a url" };

        var (exit, _, stderr) = await CliRunner.InvokeAsync(settings, "literature", "search", "--source", "pubmed", "--query", "x");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("Literature:pubmed:BaseUrl must be an absolute http or https URL", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvironmentVariableBaseUrl_IsUsedByTheRealProcess()
    {
        await using var server = LocalApi.Start(_ => LocalApi.Json(Fixture("crossref/habanero_works_query_ecology_rows2.json")));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "cosci.dll"), "literature", "search", "--source", "crossref", "--query", "ecology", "--max", "2", "--json"])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Literature__Crossref__BaseUrl"] = server.BaseAddress.ToString();
        start.Environment["Literature__Crossref__Mailto"] = "ci@example.org";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Cancellation);
        var stderr = process.StandardError.ReadToEndAsync(Cancellation);
        await process.WaitForExitAsync(Cancellation);

        Assert.True(process.ExitCode == 0, await stderr);
        var ids = JsonDocument.Parse(await stdout).RootElement.EnumerateArray().Select(a => a.GetProperty("id").GetString());
        Assert.Equal(["doi:10.1093/obo/9780199830060-0238", "doi:10.1093/obo/9780199830060-0023"], ids);
        Assert.Contains(server.Targets, t => t.Contains("mailto=ci%40example.org", StringComparison.Ordinal));
    }

    private static Dictionary<string, string?> Settings(string source, LocalApi server) => new()
    {
        [$"Literature:{source}:BaseUrl"] = server.BaseAddress.ToString(),
        ["Literature:MaxRetries"] = "0",
    };

    /// <summary>The recorded API answers kept with the literature tests (origin and licence in each SOURCES.md).</summary>
    private static string Fixture(string relativePath) =>
        RepositoryFiles.ReadText("tests", "CoScientist.Literature.Tests", "Fixtures", relativePath);

    /// <summary>A minimal HTTP/1.1 server on 127.0.0.1 (random port): one GET per connection, answered by <c>answer(target)</c>.</summary>
    private sealed class LocalApi : IAsyncDisposable
    {
        public static readonly (int Status, string ContentType, string Body) NotFound = (404, "text/plain", "no such route");

        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Func<string, (int Status, string ContentType, string Body)> _answer;
        private readonly ConcurrentQueue<string> _targets = new();
        private Task _loop = Task.CompletedTask;

        private LocalApi(Func<string, (int Status, string ContentType, string Body)> answer) => _answer = answer;

        public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public IReadOnlyList<string> Targets => [.. _targets];

        public static LocalApi Start(Func<string, (int Status, string ContentType, string Body)> answer)
        {
            var server = new LocalApi(answer);
            server._listener.Start();
            server._loop = Task.Run(server.AcceptAsync);
            return server;
        }

        public static (int, string, string) Xml(string body) => (200, "text/xml; charset=UTF-8", body);

        public static (int, string, string) Json(string body) => (200, "application/json", body);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var target = head.ToString().Split(' ', 3)[1];
                _targets.Enqueue(target);
                var (status, contentType, body) = _answer(target);
                var bytes = Encoding.UTF8.GetBytes(body);
                var header = $"HTTP/1.1 {status} Status\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(header), _stop.Token);
                await stream.WriteAsync(bytes, _stop.Token);
            }
        }
    }
}
