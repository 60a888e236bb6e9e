using CoScientist.Core.Runs;

namespace CoScientist.Ingest;

/// <summary>Limits and containers of upload handling, bound from the <c>Ingest</c> configuration section.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>
    /// The container uploads arrive in. The Functions app's trigger is fixed to
    /// <see cref="UploadContainers.Uploads"/> and the app refuses another name at start; another name is for
    /// tests and the CLI on a shared account.
    /// </summary>
    public string UploadsContainer { get; set; } = UploadContainers.Uploads;

    public string QuarantineContainer { get; set; } = UploadContainers.Quarantine;

    /// <summary>Largest goal file (JSON or Markdown), in bytes. A goal is at most a few thousand characters.</summary>
    public int MaxGoalFileBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Largest data file, in bytes. Whatever this allows, a run's whole attached context is at most
    /// <see cref="ResearchGoal.MaxContextLength"/> characters.
    /// </summary>
    public int MaxDataFileBytes { get; set; } = 512 * 1024;

    /// <summary>One line per problem, naming the key; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (key, name) in new[] { (nameof(UploadsContainer), UploadsContainer), (nameof(QuarantineContainer), QuarantineContainer) })
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length is < 3 or > 63 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                problems.Add($"{SectionName}:{key} must be a container name: 3 to 63 lowercase letters, digits and hyphens.");
            }
        }

        if (string.Equals(UploadsContainer, QuarantineContainer, StringComparison.Ordinal))
        {
            problems.Add($"{SectionName}:UploadsContainer and {SectionName}:QuarantineContainer must differ.");
        }

        if (MaxGoalFileBytes is < 1024 or > 4 * 1024 * 1024)
        {
            problems.Add($"{SectionName}:MaxGoalFileBytes must be between 1024 and 4194304 (got {MaxGoalFileBytes}).");
        }

        if (MaxDataFileBytes is < 1024 or > 16 * 1024 * 1024)
        {
            problems.Add($"{SectionName}:MaxDataFileBytes must be between 1024 and 16777216 (got {MaxDataFileBytes}).");
        }

        return problems;
    }
}
