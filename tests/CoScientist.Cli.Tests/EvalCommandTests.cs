using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CoScientist.Benchmarks.Rediscovery;
using CoScientist.Testing.Benchmarks;
using CoScientist.Testing.Llm;

namespace CoScientist.Cli.Tests;

/// <summary><c>cosci eval rediscovery</c> on small files in the MOOSE-Chem expert evaluation format, written here.</summary>
public sealed class EvalCommandTests : IDisposable
{
    private const string Scored = "expert_eval_for_selected_hyp_in_exp_8_Tester.json";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cosci-eval-" + Guid.NewGuid().ToString("N"));

    public EvalCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Three backgrounds of 4 hypotheses; "2" is empty here and filled from experiment 5, unscored.</summary>
    private static string ExpertFile(bool stringScores = false) =>
        JsonSerializer.Serialize(new Dictionary<string, object[][]>
        {
            ["0"] = [.. Enumerable.Range(0, 4).Select(i => Item($"Generated {i} for zero.", "Published zero.", stringScores ? (object)$"{i + 1}" : i + 1))],
            ["1"] = [.. Enumerable.Range(0, 4).Select(i => Item($"Generated {i} for one.", "Published one.", 4 - i))],
            ["2"] = [],
        });

    private static object[] Item(string generated, string published, object? score) =>
        score is null ? [generated, published, 1, "3", "reason"] : [generated, published, 1, "3", "reason", score];

    private static string OtherExperiment() =>
        JsonSerializer.Serialize(new Dictionary<string, object[][]>
        {
            ["2"] = [.. Enumerable.Range(0, 4).Select(i => Item($"Exp 5 generated {i} for two.", "Published two.", null))],
        });

    private void WriteData()
    {
        File.WriteAllText(Path.Combine(_folder, Scored), ExpertFile());
        File.WriteAllText(Path.Combine(_folder, "expert_eval_for_selected_hyp_in_exp_5_Other.json"), OtherExperiment());
    }

    [Fact]
    public async Task Rediscovery_Simulated_EveryQuestionWithMetricsCostAndTheCaveat()
    {
        WriteData();

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(CliRunner.Isolated, "eval", "rediscovery", "--data", _folder, "--model", "simulated", "--json");

        Assert.True(exit == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(3, root.GetProperty("questions").GetInt32());
        Assert.Equal(60, root.GetProperty("calls").GetInt32()); // 10 pairs × 2 orders × 3 questions
        Assert.True(root.GetProperty("simulated").GetBoolean());
        Assert.Contains("meaningless", root.GetProperty("caveat").GetString(), StringComparison.Ordinal);
        Assert.Equal(0.2, root.GetProperty("chanceFirstRate").GetDouble(), 9);
        Assert.InRange(root.GetProperty("publishedFirstRate").GetDouble(), 0, 1);
        Assert.InRange(root.GetProperty("meanReciprocalRank").GetDouble(), 0.2, 1);
        Assert.InRange(root.GetProperty("orderConsistency").GetDouble(), 0, 1);
        Assert.Equal(2, root.GetProperty("questionsWithSpearman").GetInt32()); // the unscored background has none
        Assert.True(root.GetProperty("costUsd").GetDecimal() > 0);
        Assert.Equal("exp_8 + exp_5", root.GetProperty("experiment").GetString());
    }

    [Fact]
    public async Task Rediscovery_OpenAICompatibleServer_TwentyJudgeCallsPerQuestionPricedAtTheModel()
    {
        WriteData();
        await using var server = await FakeChatCompletionsServer.StartAsync();
        // The judge always prefers the proposal shown first: every pair disagrees with itself.
        server.Fallback = ScriptedResponse.Completion("""{"winner":"A","rationale":"The first one."}""", promptTokens: 1000, completionTokens: 50);
        var settings = new Dictionary<string, string?>(CliRunner.Isolated)
        {
            ["Llm:Provider"] = "openai",
            ["Llm:Endpoint"] = new Uri(server.BaseAddress, "v1/").ToString(),
            ["Llm:ApiKey"] = "test-key",
            ["Llm:Model"] = "gpt-4.1",
            ["Llm:AgentModels:Ranking.SingleTurn"] = "gpt-4.1-mini",
        };

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(settings, "eval", "rediscovery", "--data", _folder, "--max-questions", "2", "--json");

        Assert.True(exit == 0, stderr);
        Assert.StartsWith("estimate: 2 questions, 40 calls to gpt-4.1-mini", stderr, StringComparison.Ordinal);
        Assert.Equal(40, server.Requests.Count);
        Assert.All(server.Requests, r =>
        {
            Assert.Equal("/v1/chat/completions", r.Path);
            Assert.Equal("gpt-4.1-mini", r.Json.GetProperty("model").GetString());
        });
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.False(root.GetProperty("simulated").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("caveat").ValueKind);
        Assert.Equal(40, root.GetProperty("calls").GetInt32());
        Assert.Equal(40_000, root.GetProperty("inputTokens").GetInt64());
        Assert.Equal(0, root.GetProperty("orderConsistency").GetDouble());
        // gpt-4.1-mini list price: $0.40 per million input tokens, $1.60 per million output.
        Assert.Equal(Math.Round((40_000 * 0.40m / 1_000_000) + (2_000 * 1.60m / 1_000_000), 6), root.GetProperty("costUsd").GetDecimal());
    }

    [Fact]
    public async Task Rediscovery_MaxQuestions_OnlyThatMany()
    {
        WriteData();

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(CliRunner.Isolated, "eval", "rediscovery", "--data", _folder, "--model", "simulated", "--max-questions", "1", "--json");

        Assert.True(exit == 0, stderr);
        Assert.Equal(20, JsonDocument.Parse(stdout).RootElement.GetProperty("calls").GetInt32());
    }

    [Fact]
    public async Task Rediscovery_Estimate_PreviewWithoutTheEvaluation()
    {
        WriteData();

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(CliRunner.Isolated, "eval", "rediscovery", "--data", _folder, "--model", "simulated", "--estimate");

        Assert.True(exit == 0, stderr);
        Assert.StartsWith("estimate: 3 questions, 60 calls", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("published hypothesis ranked first", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rediscovery_StringScores_ReadLikeNumbers()
    {
        File.WriteAllText(Path.Combine(_folder, Scored), ExpertFile(stringScores: true));

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(CliRunner.Isolated, "eval", "rediscovery", "--data", _folder, "--model", "simulated", "--json");

        Assert.True(exit == 0, stderr);
        Assert.Equal(2, JsonDocument.Parse(stdout).RootElement.GetProperty("questions").GetInt32());
    }

    [Theory]
    [InlineData("{ not json", "is not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object keyed by background id")]
    [InlineData("{\"0\": [[\"only one\"]]}", "background 0, hypothesis 0: expected")]
    [InlineData("{\"0\": [[\"g\", \"p\", 1, \"3\", \"r\", 9]]}", "the expert score must be 0 to 5")]
    public async Task Rediscovery_BadFile_ExitTwoNamingFileAndProblem(string content, string expected)
    {
        File.WriteAllText(Path.Combine(_folder, Scored), content);

        var (exit, _, stderr) = await CliRunner.InvokeAsync(CliRunner.Isolated, "eval", "rediscovery", "--data", _folder, "--model", "simulated");

        Assert.Equal(2, exit);
        Assert.Contains(Scored, stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing folder", "does not exist", "eval", "rediscovery", "--data", "/nonexistent/cosci-eval")]
    [InlineData("no folder", "give --data FOLDER", "eval", "rediscovery")]
    [InlineData("zero questions", "--max-questions must be at least 1", "eval", "rediscovery", "--data", ".", "--max-questions", "0")]
    public async Task Rediscovery_BadInput_ExitTwo(string because, string expected, params string[] args)
    {
        var (exit, _, stderr) = await CliRunner.InvokeAsync(CliRunner.Isolated, args);

        Assert.True(exit == 2, because);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rediscovery_EmptyFolder_SaysWhichFilesItWants()
    {
        var (exit, _, stderr) = await CliRunner.InvokeAsync(CliRunner.Isolated, "eval", "rediscovery", "--data", _folder);

        Assert.Equal(2, exit);
        Assert.Contains("expert_eval_for_selected_hyp_in_exp_*.json", stderr, StringComparison.Ordinal);
    }

    /// <summary>Backgrounds for ids 0 and 2; id 1's question is empty, so it falls back to the generic goal.</summary>
    private string WriteWorkbook(string? path = null)
    {
        path ??= Path.Combine(_folder, RediscoveryBackgroundReader.FileName);
        BackgroundsWorkbook.Write(
            path,
            ("Overall", [BackgroundsWorkbook.Header, BackgroundsWorkbook.Row(0, "Zinc anodes corrode in water.", "How can zinc anodes be protected?"), BackgroundsWorkbook.Row(1, "Survey one.", " "), BackgroundsWorkbook.Row(2, null, "How can question two be answered?")]));
        return path;
    }

    private static string Prompt(ReceivedRequest request, string role) =>
        string.Concat(request.Json.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == role)
            .Select(m => m.GetProperty("content") is { ValueKind: JsonValueKind.String } c ? c.GetString() : m.GetProperty("content").GetRawText()));

    [Fact]
    public async Task Rediscovery_Workbook_EachQuestionsBackgroundIsTheGoalInTheJudgesPrompt()
    {
        WriteData();
        WriteWorkbook();
        await using var server = await FakeChatCompletionsServer.StartAsync();
        server.Fallback = ScriptedResponse.Completion("""{"winner":"A","rationale":"The first one."}""", promptTokens: 100, completionTokens: 10);
        var settings = new Dictionary<string, string?>(CliRunner.Isolated)
        {
            ["Llm:Provider"] = "openai",
            ["Llm:Endpoint"] = new Uri(server.BaseAddress, "v1/").ToString(),
            ["Llm:ApiKey"] = "test-key",
            ["Llm:Model"] = "gpt-4.1",
        };

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(settings, "eval", "rediscovery", "--data", _folder, "--json");

        Assert.True(exit == 0, stderr);
        var byQuestion = server.Requests.ToLookup(r => Prompt(r, "user") switch
        {
            var p when p.Contains(" zero.", StringComparison.Ordinal) => 0,
            var p when p.Contains(" one.", StringComparison.Ordinal) => 1,
            _ => 2,
        });
        Assert.All(byQuestion[0], r => Assert.Contains("<goal>\nHow can zinc anodes be protected?\n\nZinc anodes corrode in water.\n</goal>", Prompt(r, "user"), StringComparison.Ordinal));
        Assert.All(byQuestion[1], r => Assert.Contains($"<goal>\n{RediscoveryEvaluation.Goal}\n</goal>", Prompt(r, "user"), StringComparison.Ordinal));
        Assert.All(byQuestion[2], r => Assert.Contains("<goal>\nHow can question two be answered?\n</goal>", Prompt(r, "user"), StringComparison.Ordinal));
        Assert.Equal([20, 20, 20], [byQuestion[0].Count(), byQuestion[1].Count(), byQuestion[2].Count()]);
        // Data, never instructions: the question text is not in the system message.
        Assert.All(server.Requests, r => Assert.DoesNotContain("zinc", Prompt(r, "system"), StringComparison.OrdinalIgnoreCase));
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(2, root.GetProperty("questionsWithOwnGoal").GetInt32());
        Assert.Contains("(id 1)", root.GetProperty("goalNote").GetString(), StringComparison.Ordinal);
        Assert.Equal([true, false, true], root.GetProperty("perQuestion").EnumerateArray().Select(q => q.GetProperty("ownGoal").GetBoolean()));
    }

    [Fact]
    public async Task Rediscovery_WorkbookWithAllQuestions_TextReportCountsThemAndNoNote()
    {
        WriteData();
        BackgroundsWorkbook.Write(
            Path.Combine(_folder, RediscoveryBackgroundReader.FileName),
            ("Overall", [BackgroundsWorkbook.Header, .. Enumerable.Range(0, 3).Select(i => BackgroundsWorkbook.Row(i, null, $"Question {i}?"))]));

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(CliRunner.Isolated, "eval", "rediscovery", "--data", _folder, "--model", "simulated");

        Assert.True(exit == 0, stderr);
        Assert.Contains("judged against their own research question: 3 of 3", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("generic goal", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rediscovery_NoWorkbook_GenericGoalAndOneLineSaysSo()
    {
        WriteData();

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(CliRunner.Isolated, "eval", "rediscovery", "--data", _folder, "--model", "simulated");

        Assert.True(exit == 0, stderr);
        Assert.Contains("judged against their own research question: 0 of 3", stdout, StringComparison.Ordinal);
        Assert.Single(stdout.Split('\n'), l => l.StartsWith("chem_research_2024.xlsx is not in the data folder: every question was judged against the generic goal", StringComparison.Ordinal));
        Assert.DoesNotContain("error", stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Rediscovery_CorruptWorkbook_ExitTwoWithOneErrorLineNamingTheFile()
    {
        WriteData();
        File.WriteAllText(Path.Combine(_folder, RediscoveryBackgroundReader.FileName), "this is not a zip file");

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(CliRunner.Isolated, "eval", "rediscovery", "--data", _folder, "--model", "simulated");

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: 'chem_research_2024.xlsx' is not a readable .xlsx workbook", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rediscovery_Download_FetchesThePublishedFilesOverHttpThenEvaluates()
    {
        var written = WriteWorkbook(Path.Combine(Path.GetTempPath(), $"cosci-eval-{Guid.NewGuid():N}.xlsx"));
        var workbook = File.ReadAllBytes(written);
        File.Delete(written);
        var served = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["Expert_Evaluation/expert_eval_for_selected_hyp_in_exp_8_Wanhao.json"] = Encoding.UTF8.GetBytes(ExpertFile()),
            ["Expert_Evaluation/expert_eval_for_selected_hyp_in_exp_8_Ben.json"] = Encoding.UTF8.GetBytes(ExpertFile()),
            ["Expert_Evaluation/expert_eval_for_selected_hyp_in_exp_5_Penghui.json"] = Encoding.UTF8.GetBytes(OtherExperiment()),
            ["Data/chem_research_2024.xlsx"] = workbook,
        };
        await using var server = FileServer.Start(served);

        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(
            CliRunner.Isolated, "eval", "rediscovery", "--download", "--base-url", server.BaseUrl, "--data", _folder, "--model", "simulated", "--json");

        Assert.True(exit == 0, stderr);
        Assert.Equal(served.Keys.Select(Path.GetFileName).Order(), Directory.GetFiles(_folder).Select(Path.GetFileName).Order());
        Assert.Equal(workbook, File.ReadAllBytes(Path.Combine(_folder, RediscoveryBackgroundReader.FileName)));
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(3, root.GetProperty("questions").GetInt32());
        Assert.Equal(2, root.GetProperty("questionsWithOwnGoal").GetInt32());
        Assert.Equal(served.Keys.Order(), server.Requests.Order());
    }

    [Fact]
    public async Task Rediscovery_DownloadFails_ExitTwoAndExistingFilesKept()
    {
        WriteData();
        await using var server = FileServer.Start(new Dictionary<string, byte[]>(StringComparer.Ordinal));

        var (exit, _, stderr) = await CliRunner.InvokeAsync(
            CliRunner.Isolated, "eval", "rediscovery", "--download", "--base-url", server.BaseUrl, "--data", _folder, "--model", "simulated");

        Assert.Equal(2, exit);
        Assert.Contains("HTTP 404", stderr, StringComparison.Ordinal);
        Assert.Equal(ExpertFile(), File.ReadAllText(Path.Combine(_folder, Scored)));
        Assert.DoesNotContain(Directory.GetFiles(_folder), f => f.EndsWith(".part", StringComparison.Ordinal));
    }

    /// <summary>A real HTTP server on a free loopback port serving fixed files laid out like the published repository (BaseUrl is its Expert_Evaluation/ folder).</summary>
    private sealed class FileServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        private FileServer(IReadOnlyDictionary<string, byte[]> files)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var root = $"http://127.0.0.1:{port}/repo/";
            BaseUrl = root + "Expert_Evaluation/";
            _listener.Prefixes.Add(root);
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }

                    var name = context.Request.Url!.AbsolutePath["/repo/".Length..];
                    Requests.Add(name);
                    if (files.TryGetValue(name, out var bytes))
                    {
                        context.Response.ContentLength64 = bytes.Length;
                        await context.Response.OutputStream.WriteAsync(bytes);
                    }
                    else
                    {
                        context.Response.StatusCode = 404;
                    }

                    context.Response.Close();
                }
            });
        }

        public string BaseUrl { get; }

        public System.Collections.Concurrent.ConcurrentBag<string> Requests { get; } = [];

        public static FileServer Start(IReadOnlyDictionary<string, byte[]> files) => new(files);

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop;
        }
    }
}
