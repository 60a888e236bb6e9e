using CoScientist.Core.Results;
using System.Text.Json;
using CoScientist.Core.Llm;

namespace CoScientist.Hosting.Results;

/// <summary>Writes a run's results to a folder: overview.md, proposals/*.md and run.json.</summary>
public static class ResultsWriter
{
    public static async Task WriteAsync(RunExport export, string directory, CancellationToken cancellationToken = default)
    {
        var proposals = Path.Combine(directory, "proposals");
        Directory.CreateDirectory(proposals);
        await File.WriteAllTextAsync(Path.Combine(directory, "overview.md"), MarkdownReport.Overview(export), cancellationToken);
        foreach (var ranked in export.Ranking)
        {
            await File.WriteAllTextAsync(Path.Combine(proposals, MarkdownReport.FileName(ranked)), MarkdownReport.Proposal(ranked, export), cancellationToken);
        }

        await using var json = File.Create(Path.Combine(directory, "run.json"));
        await JsonSerializer.SerializeAsync(json, export, JsonDefaults.Indented, cancellationToken);
    }
}
