using System.CommandLine;
using CoScientist.Cli.Commands;
using CoScientist.Cli.Hosting;
using CoScientist.Core.Literature;
using CoScientist.Literature;
using Microsoft.Extensions.Configuration;

namespace CoScientist.Cli.Tests;

/// <summary>Which literature the CLI's runs read, the --scan flag, and <c>cosci scan</c>'s answers to bad input (no network, no storage).</summary>
public sealed class RunLiteratureSettingsTests
{
    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public async Task Engine_NoLiteratureSettings_RunsReadOnlyTheirAttachedContext()
    {
        await using var engine = EngineHost.Create(Configuration(), new EngineSettings(), TextWriter.Null);

        var factory = engine.Get<ILiteratureSourceFactory>();

        Assert.IsType<SingleLiteratureSourceFactory>(factory);
        Assert.Empty(factory.Sources);
        Assert.Same(NoLiterature.Instance, factory.Create());
    }

    [Fact]
    public async Task Engine_LiteratureEnabled_RunsSearchTheEnabledSources()
    {
        await using var engine = EngineHost.Create(Configuration(("Literature:Enabled", "true"), ("Literature:crossref:Enabled", "false")), new EngineSettings(), TextWriter.Null);

        Assert.Equal(["pubmed", "arxiv", "europepmc", "openalex"], engine.Get<ILiteratureSourceFactory>().Sources);
    }

    [Fact]
    public async Task Engine_Rehearsal_StaysOfflineEvenWithLiteratureEnabled()
    {
        await using var engine = EngineHost.Create(Configuration(("Literature:Enabled", "true")), new EngineSettings { InMemory = true }, TextWriter.Null);

        Assert.Empty(engine.Get<ILiteratureSourceFactory>().Sources);
    }

    [Theory]
    [InlineData("Literature:Enabled", "maybe", "Literature:Enabled must be true or false (got 'maybe')")]
    [InlineData("Literature:pubmed:RequestsPerSecond", "20", "Literature:pubmed:RequestsPerSecond may not exceed 3")]
    public async Task Run_BadLiteratureSetting_IsOneErrorLineBeforeTheRunStarts_ExitCode2(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { ["Literature:Enabled"] = "true", [key] = value };

        var (exit, output, error) = await CliRunner.InvokeAsync(settings, "run", "--goal", "Find drugs against fibrosis", "--max-proposals", "2");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData(false, "--goal", "g", "--scan")]
    [InlineData(true, "--goal", "g")]
    public void RunSettings_ScanFlag_GoesIntoTheRequest(bool absent, params string[] args)
    {
        var command = new Command("run");
        foreach (var option in RunSettings.All)
        {
            command.Add(option);
        }

        var settings = RunSettings.Read(command.Parse(args), new CliEnvironment(TextWriter.Null, TextWriter.Null, Interactive: false));

        Assert.Equal(!absent, settings.Request.Scan);
    }

    [Theory]
    [InlineData(false, "--goal", "g", "--no-literature")]
    [InlineData(true, "--goal", "g")]
    public void RunSettings_NoLiteratureFlag_GoesIntoTheRequest(bool literature, params string[] args)
    {
        var command = new Command("run");
        foreach (var option in RunSettings.All)
        {
            command.Add(option);
        }

        var settings = RunSettings.Read(command.Parse(args), new CliEnvironment(TextWriter.Null, TextWriter.Null, Interactive: false));

        Assert.Equal(literature, settings.Request.Literature);
    }

    [Fact]
    public async Task Run_NoLiteratureWithScan_RefusedNamingTheFlag_ExitCode2()
    {
        var (exit, output, error) = await CliRunner.InvokeAsync("run", "--goal", "Find drugs against fibrosis", "--no-literature", "--scan");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("with --no-literature, literature is off, so the run cannot also ask for scheduled literature scans.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_LiteratureNotEnabled_SaysHowToEnableIt_ExitCode2()
    {
        var (exit, output, error) = await CliRunner.InvokeAsync("scan", "--storage", "UseDevelopmentStorage=true");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("error: scan needs real literature sources: set Literature__Enabled=true", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Scan_WithoutStorage_SaysItNeedsStorage_ExitCode2()
    {
        var (exit, _, error) = await CliRunner.InvokeAsync(new Dictionary<string, string?> { ["Literature:Enabled"] = "true" }, "scan");

        Assert.Equal(2, exit);
        Assert.Contains("error: scan needs storage that outlives this process", error, StringComparison.Ordinal);
    }
}
