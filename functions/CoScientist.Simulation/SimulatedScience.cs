using System.Text.RegularExpressions;

namespace CoScientist.Simulation;

/// <summary>
/// The vocabulary the simulated model writes with: interventions, mechanisms, methods and
/// readouts, combined with the goal's own topic. Varied enough that distinct proposals are
/// lexically distinct, so the Proximity agent flags only true repeats.
/// </summary>
internal static partial class SimulatedScience
{
    public static readonly string[] Interventions =
    [
        "metformin", "atorvastatin", "disulfiram", "itraconazole", "thioridazine", "propranolol", "artesunate",
        "sildenafil", "valproic acid", "sertraline", "doxycycline", "omeprazole", "nelfinavir", "auranofin",
        "niclosamide", "mebendazole", "all-trans retinoic acid", "hydroxychloroquine", "celecoxib", "losartan",
        "ivermectin", "digoxin", "chloroquine", "pioglitazone",
    ];

    public static readonly string[] Mechanisms =
    [
        "metabolic reprogramming", "epigenetic priming", "kinase signalling rewiring", "immune evasion",
        "oxidative stress tolerance", "mitochondrial dependency", "protein homeostasis", "DNA damage repair",
        "stromal crosstalk", "lipid synthesis", "autophagy flux", "transcriptional addiction",
        "cell-cycle checkpoint control", "ferroptosis sensitivity", "hypoxic niche adaptation", "splicing fidelity",
        "iron handling", "unfolded protein response", "glutamine dependence", "cholesterol trafficking",
    ];

    public static readonly string[] Methods =
    [
        "a genome-wide CRISPR knockout screen", "patient-derived xenografts", "single-cell RNA sequencing",
        "three-dimensional organoid co-culture", "high-content imaging", "a retrospective cohort analysis of health records",
        "a dose-response synergy matrix", "stable-isotope metabolic flux tracing", "phospho-proteomic profiling",
        "structure-based docking", "a barcoded lineage-tracing experiment", "ex vivo drug sensitivity profiling of primary samples",
    ];

    public static readonly string[] Readouts =
    [
        "colony-forming capacity", "apoptosis measured by annexin V staining", "engraftment in immunodeficient mice",
        "overall survival", "a validated biomarker panel", "oxygen consumption rate", "clonal outgrowth",
        "differentiation markers", "drug synergy scores", "relapse-free interval",
    ];

    public static readonly string[] Strengths =
    [
        "Builds on an approved agent with a known safety profile.", "Names a concrete, measurable mechanism.",
        "The first experiment can falsify the central hypothesis quickly.", "Uses readily available models and reagents.",
        "Connects two literatures that rarely meet.", "Defines clear success criteria.",
        "Has a plausible path to a clinical study.", "Controls for the obvious confounders.",
    ];

    public static readonly string[] Weaknesses =
    [
        "The achievable concentration in patients may be too low for the proposed effect.",
        "The mechanism rests on cell-line data that may not transfer to primary samples.",
        "No control separates the proposed mechanism from general toxicity.",
        "The study steps do not say how many samples are needed for adequate power.",
        "The proposal does not address heterogeneity between patient subgroups.",
        "Prior negative results in a related setting are not discussed.",
        "The readout is indirect; a more specific assay would strengthen the conclusion.",
        "The timeline is optimistic for the in vivo work.",
    ];

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "propose", "proposal", "proposals", "could", "would", "should", "other", "which", "their", "there", "these",
        "those", "treat", "treating", "approved", "indications", "indication", "drugs", "within", "months", "using",
        "about", "study", "research", "novel", "identify", "find", "repurposed", "repurpose", "explain", "mechanisms",
        "mechanism", "testable", "possible", "potential", "improve", "better", "while", "repurposable", "candidates",
        "candidate", "therapies", "therapy", "treatments", "treatment", "approaches", "strategies", "targets", "options",
        "ways", "drug", "compounds", "agents", "suggest", "design", "discover", "explore", "develop",
    };

    /// <summary>The goal's topic: its last few content words, e.g. "acute myeloid leukemia".</summary>
    public static string Topic(string goal)
    {
        var words = WordPattern().Matches(goal).Select(m => m.Value)
            .Where(w => w.Length >= 4 && !StopWords.Contains(w))
            .ToList();
        return words.Count == 0 ? "the research goal" : string.Join(' ', words.TakeLast(3)).ToLowerInvariant();
    }

    public static string Pick(this Random random, IReadOnlyList<string> items) => items[random.Next(items.Count)];

    public static IReadOnlyList<string> PickDistinct(this Random random, IReadOnlyList<string> items, int count) =>
        [.. items.OrderBy(_ => random.Next()).Take(Math.Min(count, items.Count))];

    public static double Gaussian(this Random random, double mean, double deviation)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (deviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Sin(2.0 * Math.PI * u2));
    }

    public static double Clamp01(double x) => Math.Clamp(x, 0.02, 0.98);

    /// <summary>The vocabulary items a text mentions (used to read back what a parent proposal was about).</summary>
    public static IReadOnlyList<string> Mentioned(string text, IReadOnlyList<string> items) =>
        [.. items.Where(i => text.Contains(i, StringComparison.OrdinalIgnoreCase))];

    [GeneratedRegex(@"[\p{L}][\p{L}\-]*")]
    private static partial Regex WordPattern();
}
