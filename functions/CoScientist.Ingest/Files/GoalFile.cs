using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoScientist.Core.Runs;
using Microsoft.Extensions.Options;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CoScientist.Ingest.Files;

/// <summary>
/// Reads a goal file into the engine's <see cref="RunRequest"/>, with the fields of
/// <c>POST /api/runs</c>, read as strictly (no unknown or duplicate fields, no comments, exact
/// types), and the server's one set of run-request rules (<see cref="RunRequestRules"/>):
/// <list type="bullet">
/// <item>JSON: a body of <c>POST /api/runs</c> (<c>goal</c>, <c>preferences</c>, <c>constraints</c>, <c>maxProposals</c>, ...).</item>
/// <item>Markdown: optional YAML front matter with those fields, between <c>---</c> lines. The body is
/// the goal when the front matter has no <c>goal</c>, and the run's attached context when it has one.</item>
/// </list>
/// Every way a file can be wrong throws <see cref="UploadRejectedException"/> naming what is wrong.
/// </summary>
internal static partial class GoalFile
{
    /// <summary>Deepest YAML nesting the fields need (a list of strings under a key) plus one.</summary>
    private const int MaxYamlDepth = 3;

    /// <summary>The fields a goal file may give, with the JSON type each must have.</summary>
    private static readonly Dictionary<string, JsonValueKind[]> Fields = new(StringComparer.Ordinal)
    {
        ["goal"] = [JsonValueKind.String],
        ["preferences"] = [JsonValueKind.Array],
        ["constraints"] = [JsonValueKind.Array],
        ["maxProposals"] = [JsonValueKind.Number],
        ["maxMatches"] = [JsonValueKind.Number],
        ["budgetUsd"] = [JsonValueKind.Number],
        ["maxTokens"] = [JsonValueKind.Number],
        ["maxMinutes"] = [JsonValueKind.Number],
        ["model"] = [JsonValueKind.String],
        ["seed"] = [JsonValueKind.Number],
        ["literature"] = [JsonValueKind.True, JsonValueKind.False],
    };

    private static readonly RunRequestRules DefaultRules = new(Options.Create(new RunLimitsOptions()));

    public static RunRequest FromJson(ReadOnlyMemory<byte> bytes, ServerModel server, RunRequestRules? rules = null) =>
        Validate(Read(bytes, "The goal file"), server, rules ?? DefaultRules, context: null);

    public static RunRequest FromMarkdown(string text, ServerModel server, RunRequestRules? rules = null)
    {
        var (frontMatter, body) = SplitFrontMatter(text);
        body = body.Trim();
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            var hasGoal = false;
            if (frontMatter is not null)
            {
                hasGoal = WriteFrontMatter(frontMatter, writer);
            }

            if (!hasGoal)
            {
                if (body.Length == 0)
                {
                    throw new UploadRejectedException("The Markdown goal file has no goal: give 'goal:' in its front matter or write the goal below it.");
                }

                writer.WriteString("goal", body);
            }

            writer.WriteEndObject();
            writer.Flush();
            return Validate(Read(json.ToArray(), "The front matter"), server, rules ?? DefaultRules, hasGoal && body.Length > 0 ? body : null);
        }
    }

    private sealed record GoalFields(RunRequestInput Input, string? Model);

    /// <summary>The fields of a JSON object, strictly: every problem of every field, named, or the fields.</summary>
    private static GoalFields Read(ReadOnlyMemory<byte> bytes, string what)
    {
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new UploadRejectedException($"{what} is not a valid run request: the request body is empty; expected a JSON object.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions
            {
                MaxDepth = 8,
                AllowDuplicateProperties = false,
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
            });
        }
        catch (JsonException ex)
        {
            throw new UploadRejectedException($"{what} is not a valid run request: The request body is not valid JSON at line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}: {Reason(ex.Message)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new UploadRejectedException($"{what} is not a valid run request: body: must be a JSON object (got {root.ValueKind.ToString().ToLowerInvariant()}).");
            }

            var unknown = root.EnumerateObject().Select(p => p.Name).Where(n => !Fields.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new UploadRejectedException($"{what} is not a valid run request: Unknown field(s): {string.Join(", ", unknown)}. Known fields: {string.Join(", ", Fields.Keys)}.");
            }

            var problems = new List<string>();
            string? Text(string name) => Get(root, name, problems, e => e.ValueKind == JsonValueKind.String ? e.GetString() : Wrong<string>(name, "a string", e, problems));
            int? Int(string name) => Get(root, name, problems, e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : WrongValue<int>(name, $"an integer between {int.MinValue} and {int.MaxValue}", e, problems));
            long? Long(string name) => Get(root, name, problems, e => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) ? v : WrongValue<long>(name, "an integer", e, problems));
            decimal? Decimal(string name) => Get(root, name, problems, e => e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var v) ? v : WrongValue<decimal>(name, "a number", e, problems));
            double? Double(string name) => Get(root, name, problems, e => e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var v) ? v : WrongValue<double>(name, "a number", e, problems));
            bool? Bool(string name) => Get(root, name, problems, e => e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : WrongValue<bool>(name, "true or false", e, problems));
            IReadOnlyList<string?>? List(string name) => Get(root, name, problems, e =>
                e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(i => i.ValueKind is JsonValueKind.String or JsonValueKind.Null)
                    ? e.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString() : null).ToList()
                    : Wrong<IReadOnlyList<string?>>(name, "an array of strings", e, problems));

            var input = new RunRequestInput(
                Text("goal"), List("preferences"), List("constraints"), Int("maxProposals"), Int("maxMatches"), Decimal("budgetUsd"), Long("maxTokens"), Double("maxMinutes"), Int("seed"), Literature: Bool("literature") ?? true);
            var model = Text("model");
            return problems.Count > 0
                ? throw new UploadRejectedException($"{what} is not a valid run request: {string.Join(" ", problems)}")
                : new GoalFields(input, model);
        }
    }

    private static T? Get<T>(JsonElement root, string name, List<string> problems, Func<JsonElement, T?> read)
    {
        _ = problems;
        return root.TryGetProperty(name, out var element) && element.ValueKind != JsonValueKind.Null ? read(element) : default;
    }

    private static T? Wrong<T>(string name, string expected, JsonElement element, List<string> problems)
        where T : class
    {
        problems.Add($"{name}: must be {expected} (got {Kind(element)}).");
        return null;
    }

    private static T? WrongValue<T>(string name, string expected, JsonElement element, List<string> problems)
        where T : struct
    {
        problems.Add($"{name}: must be {expected} (got {Kind(element)}{(element.ValueKind == JsonValueKind.Number ? " " + element.GetRawText() : "")}).");
        return null;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    // JsonException messages end with "LineNumber: 0 | BytePositionInLine: 5."; the position is given separately.
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    private static RunRequest Validate(GoalFields fields, ServerModel server, RunRequestRules rules, string? context)
    {
        var problems = new List<string>();
        var (request, found) = rules.Check(fields.Input with { AttachedContext = context });
        problems.AddRange(found.Select(p => p.ToString()));
        if (fields.Model is not null && server.ProblemWith(fields.Model) is { } modelProblem)
        {
            problems.Add($"model: {modelProblem}");
        }

        return problems.Count > 0 || request is null
            ? throw new UploadRejectedException("The goal file is not a valid run request: " + string.Join(" ", problems))
            : request;
    }

    /// <summary>
    /// The front matter (null when the file has none) and the rest. Front matter starts with a line
    /// <c>---</c> at the very top and ends with a line <c>---</c> or <c>...</c>.
    /// </summary>
    internal static (string? FrontMatter, string Body) SplitFrontMatter(string text)
    {
        text = text.TrimStart('\uFEFF').ReplaceLineEndings("\n");
        if (!text.StartsWith("---\n", StringComparison.Ordinal) && text.TrimEnd() != "---")
        {
            return (null, text);
        }

        var lines = text.Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() is "---" or "...")
            {
                return (string.Join('\n', lines[1..i]), string.Join('\n', lines[(i + 1)..]));
            }
        }

        throw new UploadRejectedException("The Markdown goal file opens YAML front matter with '---' but never closes it with a second '---' line.");
    }

    /// <summary>Writes the front matter's fields as JSON (typed as YAML's core schema types them); true when it has <c>goal</c>.</summary>
    private static bool WriteFrontMatter(string yaml, Utf8JsonWriter writer)
    {
        YamlStream stream;
        try
        {
            // Nesting is checked on the event stream first: building nodes recurses, and a deep
            // enough '[[[[...' would overflow the stack, which no catch can stop.
            CheckNesting(yaml);
            stream = new YamlStream();
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new UploadRejectedException($"The front matter is not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {FirstSentence(ex.Message)}");
        }

        if (stream.Documents.Count == 0)
        {
            return false; // An empty front matter: the body is the goal.
        }

        if (stream.Documents.Count > 1)
        {
            throw new UploadRejectedException("The front matter holds more than one YAML document; give one mapping of fields.");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new UploadRejectedException("The front matter must be a mapping of fields ('goal: ...', 'maxProposals: 12'), not a list or a single value.");
        }

        var hasGoal = false;
        foreach (var (keyNode, valueNode) in root.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key, Style: ScalarStyle.Plain })
            {
                throw new UploadRejectedException($"The front matter has a key at line {keyNode.Start.Line} that is not a plain field name.");
            }

            writer.WritePropertyName(key);
            WriteValue(valueNode, writer, key, depth: 1);
            hasGoal |= key == "goal";
        }

        return hasGoal;
    }

    private static void CheckNesting(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.SequenceStart or YamlDotNet.Core.Events.MappingStart:
                    // The root mapping is one level; a field's list is one more.
                    if (++depth > MaxYamlDepth)
                    {
                        throw new UploadRejectedException($"The front matter is nested too deeply (line {parser.Current.Start.Line}); fields are single values or lists of values.");
                    }

                    break;
                case YamlDotNet.Core.Events.SequenceEnd or YamlDotNet.Core.Events.MappingEnd:
                    depth--;
                    break;
            }
        }
    }

    private static void WriteValue(YamlNode node, Utf8JsonWriter writer, string key, int depth)
    {
        if (depth > MaxYamlDepth)
        {
            throw new UploadRejectedException($"The front matter field '{key}' is nested too deeply; fields are single values or lists of values.");
        }

        if (!node.Anchor.IsEmpty)
        {
            // Anchors (and the aliases that repeat them) can multiply content: a goal file needs neither.
            throw new UploadRejectedException($"The front matter field '{key}' uses a YAML anchor or alias (line {node.Start.Line}); write values out.");
        }

        if (!node.Tag.IsEmpty)
        {
            throw new UploadRejectedException($"The front matter field '{key}' has a YAML tag ({node.Tag}) at line {node.Start.Line}; tags are not accepted.");
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                WriteScalar(scalar, writer);
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    WriteValue(item, writer, key, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new UploadRejectedException($"The front matter field '{key}' is a mapping (line {node.Start.Line}); fields are single values or lists of values.");
        }
    }

    /// <summary>Quoted and block scalars are strings; plain ones are null, booleans and numbers when they look so (YAML 1.2 core schema).</summary>
    private static void WriteScalar(YamlScalarNode scalar, Utf8JsonWriter writer)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            writer.WriteStringValue(value);
        }
        else if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            writer.WriteNullValue();
        }
        else if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(value.StartsWith('t') || value.StartsWith('T'));
        }
        else if (Number().IsMatch(value))
        {
            // Written as the raw number so the request reader applies its own type checks (integer, range).
            writer.WriteRawValue(value.TrimStart('+'), skipInputValidation: false);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private static string FirstSentence(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        var cut = line.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? line[..(cut + 1)] : line;
    }

    // JSON-compatible numbers only (no octal, hex, .inf or .nan).
    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex Number();
}
