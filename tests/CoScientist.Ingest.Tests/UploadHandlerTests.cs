using CoScientist.Core.Agents;
using CoScientist.Core.Literature;
using CoScientist.Core.Runs;

namespace CoScientist.Ingest.Tests;

/// <summary>The blob trigger's path (and <c>cosci upload</c>'s) over Azurite: goal files, data files, quarantine.</summary>
[Trait("Category", "Integration")]
public sealed class UploadHandlerTests(AzuriteFixture azurite)
{
    private const string Goal = "Propose drugs approved for other indications that could slow liver fibrosis.";

    private const string Csv = """
        compound,target,ic50_nm,notes
        losartan,AGTR1,12,reduces stellate cell activation in rat models of hepatic fibrosis
        pirfenidone,TGFB1,850,approved for idiopathic pulmonary fibrosis; hepatic data limited
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<IngestHarness> StartAsync(Action<IngestOptions>? configure = null) => IngestHarness.StartAsync(azurite, configure);

    [Fact]
    public async Task HandleAsync_GoalJson_StartsTheRunAsPostApiRunsWould()
    {
        await using var h = await StartAsync();
        await h.UploadAsync("goal.json", $$"""{"goal": "{{Goal}}", "preferences": ["favour oral drugs"], "constraints": ["no animal studies"], "maxProposals": 12, "seed": 5}""");

        var outcome = await h.Handler.HandleAsync("goal.json", Ct);

        Assert.Equal(UploadAction.Started, outcome.Action);
        var run = (await h.Store.GetRunAsync(outcome.RunId!, Ct))!.Value;
        Assert.Equal(Goal, run.Goal.Text);
        Assert.Equal(["favour oral drugs"], run.Goal.Preferences);
        Assert.Equal(["no animal studies"], run.Goal.Constraints);
        Assert.Equal(12, run.Budget.MaxProposals);
        Assert.Equal(5, run.Seed);
        Assert.Equal(RunStatus.Pending, run.Status);
        Assert.True(run.Simulated);
        Assert.True((await h.OrchestrationAsync(run.Id))?.IsRunning, "the run's orchestration is started");
        var metadata = await h.UploadMetadataAsync("goal.json");
        Assert.Equal(run.Id, metadata[UploadMetadata.HandledRunId]);
        Assert.Equal("started", metadata[UploadMetadata.HandledAction]);
        Assert.Empty(await h.QuarantinedNamesAsync());
    }

    [Fact]
    public async Task HandleAsync_MarkdownWithFrontMatter_StartsTheRunWithTheBodyAsContext()
    {
        await using var h = await StartAsync();
        await h.UploadAsync("fibrosis.md", $"""
            ---
            goal: {Goal}
            maxProposals: 12
            budgetUsd: 2.5
            constraints:
              - no animal studies
              - "testable within 6 months"
            ---
            # Background

            Hepatic stellate cells drive fibrosis once activated by TGF-beta and angiotensin II signalling.
            """);

        var outcome = await h.Handler.HandleAsync("fibrosis.md", Ct);

        Assert.Equal(UploadAction.Started, outcome.Action);
        var run = (await h.Store.GetRunAsync(outcome.RunId!, Ct))!.Value;
        Assert.Equal(Goal, run.Goal.Text);
        Assert.Equal(12, run.Budget.MaxProposals);
        Assert.Equal(2.5m, run.Budget.MaxCostUsd);
        Assert.Equal(["no animal studies", "testable within 6 months"], run.Goal.Constraints);
        Assert.StartsWith("# Background", run.Goal.AttachedContext);
        Assert.Contains("angiotensin II signalling", run.Goal.AttachedContext);
    }

    [Fact]
    public async Task HandleAsync_MarkdownWithoutGoalField_TheBodyIsTheGoal()
    {
        await using var h = await StartAsync();
        await h.UploadAsync("plain.md", $"---\nmaxProposals: 6\n---\n{Goal}\n");

        var outcome = await h.Handler.HandleAsync("plain.md", Ct);

        var run = (await h.Store.GetRunAsync(outcome.RunId!, Ct))!.Value;
        Assert.Equal(Goal, run.Goal.Text);
        Assert.Equal(6, run.Budget.MaxProposals);
        Assert.Null(run.Goal.AttachedContext);
    }

    [Fact]
    public async Task HandleAsync_SameBlobTwice_StartsOneRun()
    {
        await using var h = await StartAsync();
        await h.UploadAsync("goal.json", $$"""{"goal": "{{Goal}}"}""");

        var first = await h.Handler.HandleAsync("goal.json", Ct);
        var second = await h.Handler.HandleAsync("goal.json", Ct);

        Assert.Equal(UploadAction.Started, first.Action);
        Assert.Equal(UploadAction.AlreadyHandled, second.Action);
        Assert.Equal(first.RunId, second.RunId);
        Assert.Single(await h.Store.ListRunsAsync(Ct));
        Assert.True((await h.OrchestrationAsync(first.RunId!))?.IsRunning, "the run's orchestration is started");
    }

    [Fact]
    public async Task HandleAsync_SameBlobDeliveredTwiceAtOnce_StartsOneRun()
    {
        await using var h = await StartAsync();
        await h.UploadAsync("goal.json", $$"""{"goal": "{{Goal}}"}""");

        var outcomes = await Task.WhenAll(h.Handler.HandleAsync("goal.json", Ct), h.Handler.HandleAsync("goal.json", Ct));

        Assert.All(outcomes, o => Assert.Equal(outcomes[0].RunId, o.RunId));
        Assert.Single(await h.Store.ListRunsAsync(Ct));
    }

    [Fact]
    public async Task HandleAsync_SameNameUploadedAgainWithNewContent_StartsASecondRun()
    {
        await using var h = await StartAsync();
        await h.UploadAsync("goal.json", $$"""{"goal": "{{Goal}}"}""");
        var first = await h.Handler.HandleAsync("goal.json", Ct);
        await h.Uploads.GetBlobClient("goal.json").UploadAsync(BinaryData.FromString("""{"goal": "Another goal about kidney fibrosis."}"""), overwrite: true, Ct);

        var second = await h.Handler.HandleAsync("goal.json", Ct);

        Assert.Equal(UploadAction.Started, second.Action);
        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(2, (await h.Store.ListRunsAsync(Ct)).Count);
    }

    [Fact]
    public async Task HandleAsync_DataFileWithRunIdMetadata_FeedsTheRunAndTheAgentsFindIt()
    {
        await using var h = await StartAsync();
        var run = await h.StartRunAsync();
        await h.UploadAsync("assays.csv", Csv, new Dictionary<string, string> { [UploadMetadata.RunId] = run.Id });

        var outcome = await h.Handler.HandleAsync("assays.csv", Ct);

        Assert.Equal(UploadAction.Fed, outcome.Action);
        Assert.Equal(run.Id, outcome.RunId);
        var stored = (await h.Store.GetRunAsync(run.Id, Ct))!.Value;
        Assert.Contains("losartan,AGTR1,12", stored.Goal.AttachedContext);
        Assert.Contains("uploaded file assays.csv", stored.Goal.AttachedContext);
        Assert.Equal(run.Goal.Text, stored.Goal.Text);

        // What the Generation and Reflection agents search: the run's literature, attached context included.
        var found = await new RunLiterature(NoLiterature.Instance).SearchAsync(stored, ["stellate cell activation losartan"], Ct);
        Assert.Contains(found, a => a.Abstract.Contains("losartan,AGTR1", StringComparison.Ordinal) && a.Source == "attached context");
        Assert.Equal(run.Id, (await h.UploadMetadataAsync("assays.csv"))[UploadMetadata.HandledRunId]);
    }

    [Fact]
    public async Task HandleAsync_DataFileUnderTheRunsFolder_FeedsTheRunOnceHoweverOftenDelivered()
    {
        await using var h = await StartAsync();
        var run = await h.StartRunAsync();
        var name = $"runs/{run.Id}/notes.txt";
        const string Notes = "Stellate cells in our biopsies express AGTR1 strongly; losartan responders had lower fibrosis scores.";
        await h.UploadAsync(name, Notes);

        var first = await h.Handler.HandleAsync(name, Ct);
        var second = await h.Handler.HandleAsync(name, Ct);

        Assert.Equal(UploadAction.Fed, first.Action);
        Assert.Equal(UploadAction.AlreadyHandled, second.Action);
        var context = (await h.Store.GetRunAsync(run.Id, Ct))!.Value.Goal.AttachedContext!;
        Assert.Equal(1, CountOf(context, Notes));
    }

    [Fact]
    public async Task HandleAsync_DataFileAttachedButNotMarked_IsNotAttachedAgain()
    {
        // A delivery that attached the text and died before marking the blob: the next one finds
        // the text (keyed by name and ETag) in the context and adds nothing.
        await using var h = await StartAsync();
        var run = await h.StartRunAsync();
        var name = $"runs/{run.Id}/notes.md";
        await h.UploadAsync(name, "Biopsy notes: AGTR1 expression in activated stellate cells correlates with stage.");
        var etag = (await h.Uploads.GetBlobClient(name).GetPropertiesAsync(cancellationToken: Ct)).Value.ETag;
        await h.Runs.AttachContextAsync(run.Id, $"uploaded file {name} (version {etag})", "Biopsy notes: AGTR1 expression in activated stellate cells correlates with stage.", Ct);
        var before = (await h.Store.GetRunAsync(run.Id, Ct))!.Value.Goal.AttachedContext;

        var outcome = await h.Handler.HandleAsync(name, Ct);

        Assert.Equal(UploadAction.Fed, outcome.Action);
        Assert.Equal(before, (await h.Store.GetRunAsync(run.Id, Ct))!.Value.Goal.AttachedContext);
    }

    public static TheoryData<string, string, string> UnusableGoalFiles => new()
    {
        { "corrupt.json", """{"goal": "Slow fibrosis", "maxProposals": 12""", "not valid JSON" },
        { "nogoal.json", """{"maxProposals": 12}""", "goal: is required" },
        { "typo.json", """{"goal": "Slow fibrosis", "maxProposal": 12}""", "Unknown field(s): maxProposal" },
        { "range.json", """{"goal": "Slow fibrosis", "maxProposals": 1}""", "maxProposals: must be between 2 and 500" },
        { "unclosed.md", "---\ngoal: Slow fibrosis\n\nBody without the closing line.", "never closes it" },
        { "anchors.md", "---\ngoal: &g Slow fibrosis\npreferences:\n  - *g\n---\n", "anchor or alias" },
        { "empty.md", "---\nmaxProposals: 4\n---\n\n", "has no goal" },
        { "table.csv", "a,b\n1,2\n", "names no run" },
        { "flow.md", "---\ngoal: [unclosed\n---\n", "not valid YAML" },
        { "flow-open.md", "---\ngoal: [unclosed", "never closes it" },
        { "flow-map.md", "---\ngoal: {a: [b\n---\n", "not valid YAML" },
        { "deep.md", "---\ngoal: " + new string('[', 20000) + "\n---\n", "nested too deeply" },
        { "bad-escape.md", "---\ngoal: \"\\xZZ\"\n---\n", "not valid YAML" },
        { "deep.json", new string('[', 20000), "not valid JSON" },
        { "paper.pdf", "%PDF-1.7 not really", "not a type the co-scientist reads" },
    };

    [Theory]
    [MemberData(nameof(UnusableGoalFiles))]
    public async Task HandleAsync_UnusableGoalFile_QuarantinedWithTheReasonAndNothingElseChanged(string name, string content, string reasonPart)
    {
        await using var h = await StartAsync();
        await h.UploadAsync(name, content, new Dictionary<string, string> { ["owner"] = "lab7" });

        var outcome = await h.Handler.HandleAsync(name, Ct);

        await AssertQuarantinedAsync(h, name, outcome, reasonPart);
        Assert.Empty(await h.Store.ListRunsAsync(Ct));
        var copy = (await h.Quarantine.GetBlobClient(outcome.QuarantineName).DownloadContentAsync(Ct)).Value;
        Assert.Equal(content, copy.Content.ToString());
        Assert.Equal("lab7", copy.Details.Metadata["owner"]);
    }

    [Fact]
    public async Task HandleAsync_SameNameQuarantinedTwice_KeepsBothCopiesAndReasons()
    {
        await using var h = await StartAsync();
        await h.UploadAsync("goal.json", """{"goal": "first""");
        var first = await h.Handler.HandleAsync("goal.json", Ct);
        await h.UploadAsync("goal.json", """{"maxProposals": 3}""");

        var second = await h.Handler.HandleAsync("goal.json", Ct);

        Assert.NotEqual(first.QuarantineName, second.QuarantineName);
        Assert.Equal(4, (await h.QuarantinedNamesAsync()).Count);
        Assert.Equal("""{"goal": "first""", (await h.Quarantine.GetBlobClient(first.QuarantineName).DownloadContentAsync(Ct)).Value.Content.ToString());
        Assert.Equal("""{"maxProposals": 3}""", (await h.Quarantine.GetBlobClient(second.QuarantineName).DownloadContentAsync(Ct)).Value.Content.ToString());
        Assert.Contains("not valid JSON", (await h.Quarantine.GetBlobClient(first.QuarantineName + UploadContainers.ReasonSuffix).DownloadContentAsync(Ct)).Value.Content.ToString(), StringComparison.Ordinal);
        Assert.Contains("goal: is required", (await h.Quarantine.GetBlobClient(second.QuarantineName + UploadContainers.ReasonSuffix).DownloadContentAsync(Ct)).Value.Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_UploadNamedAsAnotherFilesReason_LeavesThatReasonIntact()
    {
        await using var h = await StartAsync();
        await h.UploadAsync("plan.json", "not json");
        var plan = await h.Handler.HandleAsync("plan.json", Ct);
        var reason = plan.QuarantineName + UploadContainers.ReasonSuffix;
        var before = (await h.Quarantine.GetBlobClient(reason).DownloadContentAsync(Ct)).Value.Content.ToString();

        // Both the plain name and the name the reason has in quarantine.
        await h.UploadAsync("plan.json.reason.txt", "the reason is: nothing is wrong");
        var forged = await h.Handler.HandleAsync("plan.json.reason.txt", Ct);
        await h.UploadAsync(reason, "the reason is: nothing is wrong");
        var forgedFull = await h.Handler.HandleAsync(reason, Ct);

        Assert.Equal(UploadAction.Quarantined, forged.Action);
        Assert.Equal(UploadAction.Quarantined, forgedFull.Action);
        Assert.Equal(before, (await h.Quarantine.GetBlobClient(reason).DownloadContentAsync(Ct)).Value.Content.ToString());
        Assert.Equal(6, (await h.QuarantinedNamesAsync()).Distinct().Count());
    }

    [Fact]
    public async Task HandleAsync_SameVersionQuarantinedTwice_OneCopy()
    {
        // A redelivery after a crash between copy and delete: the original is still in uploads.
        await using var h = await StartAsync();
        await h.UploadAsync("again.json", "{");
        var properties = (await h.Uploads.GetBlobClient("again.json").GetPropertiesAsync(cancellationToken: Ct)).Value;
        var name = UploadHandler.QuarantineNameFor(h.Options.UploadsContainer, "again.json", properties.ETag, properties.LastModified);
        await h.Quarantine.CreateIfNotExistsAsync(cancellationToken: Ct);
        await h.Quarantine.GetBlobClient(name).UploadAsync(BinaryData.FromString("{"), Ct);

        var outcome = await h.Handler.HandleAsync("again.json", Ct);

        Assert.Equal(UploadAction.Quarantined, outcome.Action);
        Assert.Equal(name, outcome.QuarantineName);
        Assert.False(await h.InUploadsAsync("again.json"));
        Assert.Equal([name, name + UploadContainers.ReasonSuffix], (await h.QuarantinedNamesAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_DataFileForAnUnknownRun_Quarantined()
    {
        await using var h = await StartAsync();
        await h.UploadAsync("runs/run-20250101-000000-nosuch/assays.csv", Csv);

        var outcome = await h.Handler.HandleAsync("runs/run-20250101-000000-nosuch/assays.csv", Ct);

        await AssertQuarantinedAsync(h, "runs/run-20250101-000000-nosuch/assays.csv", outcome, "There is no run 'run-20250101-000000-nosuch'");
        Assert.Empty(await h.Store.ListRunsAsync(Ct));
    }

    [Fact]
    public async Task HandleAsync_OversizedDataFile_QuarantinedAndTheRunUnchanged()
    {
        await using var h = await StartAsync(o => o.MaxDataFileBytes = 1024);
        var run = await h.StartRunAsync();
        var big = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"row {i},stellate cells,{i * 3}"));
        await h.UploadAsync("big.csv", big, new Dictionary<string, string> { [UploadMetadata.RunId] = run.Id });

        var outcome = await h.Handler.HandleAsync("big.csv", Ct);

        await AssertQuarantinedAsync(h, "big.csv", outcome, "the limit is 1024 bytes");
        await AssertUnchangedAsync(h, run);
    }

    [Fact]
    public async Task HandleAsync_BinaryDataFile_QuarantinedAndTheRunUnchanged()
    {
        await using var h = await StartAsync();
        var run = await h.StartRunAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];
        await h.UploadAsync($"runs/{run.Id}/figure.txt", BinaryData.FromBytes(png));

        var outcome = await h.Handler.HandleAsync($"runs/{run.Id}/figure.txt", Ct);

        await AssertQuarantinedAsync(h, $"runs/{run.Id}/figure.txt", outcome, "binary");
        await AssertUnchangedAsync(h, run);
        Assert.Equal(png, (await h.Quarantine.GetBlobClient(outcome.QuarantineName).DownloadContentAsync(Ct)).Value.Content.ToArray());
    }

    [Fact]
    public async Task HandleAsync_InvalidJsonDataFile_QuarantinedAndTheRunUnchanged()
    {
        await using var h = await StartAsync();
        var run = await h.StartRunAsync();
        await h.UploadAsync($"runs/{run.Id}/results.json", """{"assay": "TGF-beta", "values": [1, 2,""");

        var outcome = await h.Handler.HandleAsync($"runs/{run.Id}/results.json", Ct);

        await AssertQuarantinedAsync(h, $"runs/{run.Id}/results.json", outcome, "not valid JSON");
        await AssertUnchangedAsync(h, run);
    }

    [Fact]
    public async Task HandleAsync_DataFileForAnEndedRun_Quarantined()
    {
        await using var h = await StartAsync();
        var run = await h.StartRunAsync();
        await h.Store.MutateRunAsync(run.Id, r => r with { Status = RunStatus.Completed }, Ct);
        await h.UploadAsync($"runs/{run.Id}/late.txt", "Late notes about stellate cells arriving after the run ended.");

        var outcome = await h.Handler.HandleAsync($"runs/{run.Id}/late.txt", Ct);

        await AssertQuarantinedAsync(h, $"runs/{run.Id}/late.txt", outcome, "has ended (completed)");
    }

    [Fact]
    public async Task HandleAsync_BlobGone_SkippedWithoutQuarantine()
    {
        await using var h = await StartAsync();

        var outcome = await h.Handler.HandleAsync("never-uploaded.json", Ct);

        Assert.Equal(UploadAction.Skipped, outcome.Action);
        Assert.Empty(await h.QuarantinedNamesAsync());
    }

    private static async Task AssertQuarantinedAsync(IngestHarness h, string name, UploadOutcome outcome, string reasonPart)
    {
        Assert.Equal(UploadAction.Quarantined, outcome.Action);
        Assert.Contains(reasonPart, outcome.Detail, StringComparison.Ordinal);
        Assert.False(await h.InUploadsAsync(name), "the original must be gone from uploads");
        var quarantined = outcome.QuarantineName!;
        Assert.EndsWith("/" + name, quarantined, StringComparison.Ordinal);
        Assert.Equal([quarantined, quarantined + UploadContainers.ReasonSuffix], (await h.QuarantinedNamesAsync()).Order(StringComparer.Ordinal));
        var properties = (await h.Quarantine.GetBlobClient(quarantined).GetPropertiesAsync(cancellationToken: Ct)).Value;
        Assert.Contains(reasonPart.Split('\'')[0], properties.Metadata[UploadMetadata.Reason], StringComparison.Ordinal);
        Assert.Equal($"{h.Options.UploadsContainer}/{name}", properties.Metadata[UploadMetadata.Source]);
        var sidecar = (await h.Quarantine.GetBlobClient(quarantined + UploadContainers.ReasonSuffix).DownloadContentAsync(Ct)).Value.Content.ToString();
        Assert.StartsWith(outcome.Detail, sidecar, StringComparison.Ordinal);
    }

    private static async Task AssertUnchangedAsync(IngestHarness h, RunRecord run)
    {
        var stored = (await h.Store.GetRunAsync(run.Id, Ct))!.Value;
        Assert.Null(stored.Goal.AttachedContext);
        Assert.Equal(run.UpdatedAt, stored.UpdatedAt);
        Assert.Single(await h.Store.ListRunsAsync(Ct));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
