using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CoScientist.Benchmarks.Rediscovery;

/// <summary>A generated hypothesis and the experts' 0–5 score of how well it matches the published one (null where no expert scored it).</summary>
public sealed record RatedHypothesis(string Text, double? ExpertScore);

/// <summary>
/// One MOOSE-Chem research question: the published (ground-truth) hypothesis, the generated ones
/// experts scored, and its research background as the goal to judge against (null: none was found, the generic goal is used).
/// </summary>
public sealed record RediscoveryQuestion(int Id, string Published, IReadOnlyList<RatedHypothesis> Generated, string? Goal = null);

/// <summary>
/// The data set read, which expert-evaluation experiment it came from, and the backgrounds
/// workbook the questions' goals came from (null when the folder has none).
/// </summary>
public sealed record RediscoveryData(string Experiment, IReadOnlyList<string> Files, IReadOnlyList<RediscoveryQuestion> Questions, string? BackgroundsFile = null);

/// <summary>
/// Reads the MOOSE-Chem expert evaluation files (<c>expert_eval_for_selected_hyp_in_exp_N_Expert.json</c>):
/// an object keyed by background id, each a list of items
/// <c>[generated, ground_truth, matched_inspirations, llm_score, llm_reason, expert_score?]</c>.
/// Each experiment's generated hypotheses are the same across its experts' files, each expert
/// scoring some ids; the experiment covering the most ids with scores is used, scores of two
/// experts on one item are averaged. A background that experiment left empty (ids 49 and 50 in
/// experiment 8) takes its hypotheses from another experiment, unscored if no expert scored them.
/// </summary>
public static partial class RediscoveryDataReader
{
    public const string FilePattern = "expert_eval_for_selected_hyp_in_exp_*.json";

    [GeneratedRegex(@"^expert_eval_for_selected_hyp_in_exp_(\d+)_", RegexOptions.CultureInvariant)]
    private static partial Regex ExperimentOf();

    /// <exception cref="RediscoveryDataException">The folder or its files cannot be used; the message says why.</exception>
    public static RediscoveryData Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new RediscoveryDataException($"the data folder '{folder}' does not exist (give --data FOLDER with the MOOSE-Chem expert evaluation files, or --download).");
        }

        var files = Directory.GetFiles(folder, FilePattern).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new RediscoveryDataException($"no file named {FilePattern} in '{folder}'.");
        }

        // experiment → id → item index → (generated, published, scores)
        var experiments = new SortedDictionary<int, SortedDictionary<int, List<(string Generated, string Published, List<double> Scores)>>>();
        var used = new Dictionary<int, List<string>>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var experiment = int.Parse(ExperimentOf().Match(name) is { Success: true } m ? m.Groups[1].Value : "0", CultureInfo.InvariantCulture);
            var byId = experiments.TryGetValue(experiment, out var found) ? found : experiments[experiment] = [];
            (used.TryGetValue(experiment, out var list) ? list : used[experiment] = []).Add(name);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(File.ReadAllText(file));
            }
            catch (JsonException ex)
            {
                throw new RediscoveryDataException($"'{name}' is not valid JSON: {ex.Message}");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new RediscoveryDataException($"'{name}' must be a JSON object keyed by background id.");
                }

                foreach (var entry in document.RootElement.EnumerateObject())
                {
                    if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || entry.Value.ValueKind != JsonValueKind.Array)
                    {
                        throw new RediscoveryDataException($"'{name}': key '{entry.Name}' must be a background id with a list of hypotheses.");
                    }

                    var items = byId.TryGetValue(id, out var existing) ? existing : byId[id] = [];
                    var index = 0;
                    foreach (var item in entry.Value.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() < 5 || item[0].ValueKind != JsonValueKind.String || item[1].ValueKind != JsonValueKind.String)
                        {
                            throw new RediscoveryDataException($"'{name}': background {id}, hypothesis {index}: expected [generated, ground truth, matched, llm score, llm reason, expert score?].");
                        }

                        if (items.Count <= index)
                        {
                            items.Add((item[0].GetString()!, item[1].GetString()!, []));
                        }

                        if (item.GetArrayLength() >= 6)
                        {
                            items[index].Scores.Add(Score(item[5], name, id, index));
                        }

                        index++;
                    }
                }
            }
        }

        var chosen = experiments
            .Select(e => (Experiment: e.Key, Scored: e.Value.Count(q => q.Value.Count > 0 && q.Value.All(i => i.Scores.Count > 0))))
            .OrderByDescending(e => e.Scored).ThenByDescending(e => e.Experiment)
            .First().Experiment;
        var questions = new List<RediscoveryQuestion>();
        var sources = new SortedSet<int>();
        foreach (var id in experiments.Values.SelectMany(e => e.Keys).Distinct().Order())
        {
            var source = experiments[chosen].TryGetValue(id, out var own) && own.Count > 0
                ? chosen
                : experiments.Where(e => e.Value.TryGetValue(id, out var other) && other.Count > 0).Select(e => (int?)e.Key).LastOrDefault();
            if (source is not { } from)
            {
                continue;
            }

            sources.Add(from);
            var items = experiments[from][id];
            questions.Add(new RediscoveryQuestion(id, items[0].Published, [.. items.Select(i => new RatedHypothesis(i.Generated, i.Scores.Count == 0 ? null : i.Scores.Average()))]));
        }

        if (questions.Count == 0)
        {
            throw new RediscoveryDataException($"no background in '{folder}' has any hypothesis.");
        }

        var workbook = Path.Combine(folder, RediscoveryBackgroundReader.FileName);
        var backgrounds = File.Exists(workbook) ? RediscoveryBackgroundReader.Load(workbook) : null;
        return new RediscoveryData(
            string.Join(" + ", sources.OrderByDescending(e => e == chosen).Select(e => $"exp_{e}")),
            [.. sources.SelectMany(e => used[e])],
            [.. questions.Select(q => q with { Goal = backgrounds?.Goals.GetValueOrDefault(q.Id) })],
            backgrounds?.File);
    }

    private static double Score(JsonElement value, string file, int id, int index)
    {
        // The published files hold the expert score as a number in some files and as a string in others.
        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => double.NaN,
        };
        return parsed is >= 0 and <= 5
            ? parsed
            : throw new RediscoveryDataException($"'{file}': background {id}, hypothesis {index}: the expert score must be 0 to 5 (got {value.GetRawText()}).");
    }
}

/// <summary>The rediscovery data cannot be used; the message names the file and the problem.</summary>
public sealed class RediscoveryDataException(string message) : Exception(message);
