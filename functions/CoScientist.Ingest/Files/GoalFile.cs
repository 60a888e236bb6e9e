using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoScientist.Api;
using CoScientist.Api.Contracts;
using CoScientist.Api.Problems;
using CoScientist.Api.Validation;
using CoScientist.Core.Runs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CoScientist.Ingest.Files;

/// <summary>
/// Reads a goal file into the engine's <see cref="RunRequest"/>, with the checks of
/// <c>POST /api/runs</c> (the same fields, the same strict JSON reading, the same validator):
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

    public static RunRequest FromJson(ReadOnlyMemory<byte> bytes, ServerModel server)
    {
        var body = JsonBody.Parse<CreateRunRequest>(bytes);
        if (body.Problem is not null)
        {
            throw new UploadRejectedException("The goal file is not a valid run request: " + Describe(body.Problem));
        }

        return Validate(body.Value!, server, context: null);
    }

    public static RunRequest FromMarkdown(string text, ServerModel server)
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
            var parsed = JsonBody.Parse<CreateRunRequest>(json.ToArray());
            if (parsed.Problem is not null)
            {
                throw new UploadRejectedException("The front matter is not a valid run request: " + Describe(parsed.Problem));
            }

            return Validate(parsed.Value!, server, hasGoal && body.Length > 0 ? body : null);
        }
    }

    private static RunRequest Validate(CreateRunRequest body, ServerModel server, string? context)
    {
        var (request, errors) = RunRequestValidator.Validate(body, server);
        if (request is null)
        {
            throw new UploadRejectedException("The goal file is not a valid run request: " + Describe(errors.ToProblem()));
        }

        if (context is null)
        {
            return request;
        }

        var goal = request.Goal with { AttachedContext = context };
        var problems = goal.Validate().ToList();
        return problems.Count > 0
            ? throw new UploadRejectedException("The goal file cannot be used: " + string.Join(" ", problems))
            : request with { Goal = goal };
    }

    private static string Describe(Microsoft.AspNetCore.Http.IResult problem) =>
        (problem as ProblemResult)?.Value.Detail ?? "it was refused.";

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
