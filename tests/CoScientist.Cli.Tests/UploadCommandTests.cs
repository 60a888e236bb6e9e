using System.Text.Json;
using CoScientist.Testing.Storage;

namespace CoScientist.Cli.Tests;

/// <summary><c>cosci upload</c> over Azurite: the file goes to uploads and through the blob trigger's handler.</summary>
[Trait("Category", "Integration")]
public sealed class UploadCommandTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cosci-upload-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Upload_MissingFile_UsageError()
    {
        var (exit, _, error) = await CliRunner.InvokeAsync("upload", Path.Combine(_directory, "nope.json"), "--storage", "UseDevelopmentStorage=true");

        Assert.Equal(2, exit);
        Assert.StartsWith("error: cannot read", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_GoalFileThenDataFile_StartsTheRunAndFeedsIt()
    {
        var settings = Settings();
        var goal = Write("goal.md", "---\nmaxProposals: 6\n---\nFind approved drugs that slow liver fibrosis.\n");

        var (exit, output, error) = await CliRunner.InvokeAsync(settings, "upload", goal, "--storage", Connection(), "--json");

        Assert.True(exit == 0, error);
        using var started = JsonDocument.Parse(output);
        Assert.Equal("started", started.RootElement.GetProperty("action").GetString());
        var runId = started.RootElement.GetProperty("runId").GetString()!;

        var data = Write("assays.csv", "compound,target\nlosartan,AGTR1\n");
        (exit, output, error) = await CliRunner.InvokeAsync(settings, "upload", data, "--storage", Connection(), "--run", runId);

        Assert.True(exit == 0, error);
        Assert.Equal($"runs/{runId}/assays.csv: fed run {runId}.", output.Trim()[..$"runs/{runId}/assays.csv: fed run {runId}.".Length]);
    }

    [Fact]
    public async Task Upload_CorruptGoalFile_QuarantinedWithExitOne()
    {
        var file = Write("broken.json", "{\"goal\": ");

        var (exit, output, error) = await CliRunner.InvokeAsync(Settings(), "upload", file, "--storage", Connection());

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.StartsWith("quarantined: The goal file is not a valid run request: The request body is not valid JSON", error, StringComparison.Ordinal);
        Assert.Contains("broken.json.reason.txt", error, StringComparison.Ordinal);
    }

    private string Connection()
    {
        try
        {
            return azurite.ConnectionString;
        }
        catch (InvalidOperationException ex)
        {
            Assert.Skip(ex.Message);
            throw;
        }
    }

    /// <summary>Tables, queues and upload containers of this test's own.</summary>
    private static Dictionary<string, string?> Settings()
    {
        var prefix = AzuriteFixture.UniquePrefix();
        return new()
        {
            ["Storage:Prefix"] = prefix,
            ["Ingest:UploadsContainer"] = prefix + "uploads",
            ["Ingest:QuarantineContainer"] = prefix + "quarantine",
        };
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
