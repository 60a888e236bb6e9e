using System.Buffers;
using System.Text.Json;
using CoScientist.Api.Problems;
using CoScientist.Core.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CoScientist.Api.Validation;

/// <summary>A parsed request body, or the problem that stopped it.</summary>
public readonly record struct BodyResult<T>(T? Value, IResult? Problem)
    where T : class;

/// <summary>
/// Reads a JSON request body strictly, answering each way it can be wrong with its own problem:
/// 415 for another media type, 413 past the size limit, 400 for malformed JSON (with line and
/// position), for fields the request does not have (all of them listed) and for wrong types.
/// </summary>
public static class JsonBody
{
    private const int ChunkSize = 16 * 1024;

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            return Fail<T>(ApiProblems.UnsupportedMediaType(request.ContentType));
        }

        if (request.ContentLength > maxBytes)
        {
            return Fail<T>(ApiProblems.PayloadTooLarge(maxBytes, request.ContentLength));
        }

        var bytes = await ReadBoundedAsync(request.Body, maxBytes, cancellationToken);
        if (bytes is null)
        {
            return Fail<T>(ApiProblems.PayloadTooLarge(maxBytes, null));
        }

        return Parse<T>(bytes);
    }

    /// <summary>Parses a body already read (a Functions trigger may hand over the bytes).</summary>
    public static BodyResult<T> Parse<T>(ReadOnlyMemory<byte> bytes)
        where T : class
    {
        // A UTF-8 byte-order mark (some editors and tools write one) is not content, here as in uploads.
        if (bytes.Span.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Fail<T>(ApiProblems.Validation("body", "is empty; expected a JSON object."));
        }

        if (InvalidUtf8Offset(bytes.Span) is { } offset)
        {
            var before = bytes.Span[..offset];
            var line = before.Count((byte)'\n') + 1;
            var position = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
            return Fail<T>(ApiProblems.MalformedJson(
                $"The request body is not valid UTF-8 at line {line}, position {position} (byte {offset}).", line, position));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions
            {
                MaxDepth = ApiJson.Request.MaxDepth,
                AllowDuplicateProperties = false,
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
            });
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber + 1;
            var position = ex.BytePositionInLine + 1;
            return Fail<T>(ApiProblems.MalformedJson(
                $"The request body is not valid JSON at line {line}, position {position}: {Reason(ex.Message)}", line, position));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail<T>(ApiProblems.Validation("body", $"must be a JSON object (got {Kind(root.ValueKind)})."));
            }

            var fields = FieldsOf(typeof(T));
            var unknown = root.EnumerateObject().Select(p => p.Name).Where(n => !fields.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                return Fail<T>(ApiProblems.UnknownFields(unknown, fields.Keys));
            }

            // Text that is not characters (controls, unpaired surrogates) first: it would otherwise read as a type error.
            var errors = new FieldErrors();
            foreach (var property in root.EnumerateObject())
            {
                CheckText(property.Name, property.Value, errors);
            }

            if (errors.Any)
            {
                return Fail<T>(errors.ToProblem());
            }

            // Type errors, checked per field so that all of them are reported, each with the type expected.
            foreach (var property in root.EnumerateObject())
            {
                var type = fields[property.Name];
                try
                {
                    _ = property.Value.Deserialize(type, ApiJson.Request);
                }
                catch (JsonException)
                {
                    errors.Add(property.Name, $"must be {Describe(type)} (got {Kind(property.Value.ValueKind)}{Sample(property.Value)}).");
                }
            }

            if (errors.Any)
            {
                return Fail<T>(errors.ToProblem());
            }

            var value = root.Deserialize<T>(ApiJson.Request)
                ?? throw new JsonException("A JSON object deserialized to null.");
            return new BodyResult<T>(value, null);
        }
    }

    /// <summary>Every string in the field (in arrays too, named <c>field[i]</c>) passes <see cref="UntrustedText"/>.</summary>
    private static void CheckText(string field, JsonElement value, FieldErrors errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                string? text;
                try
                {
                    text = value.GetString();
                }
                catch (InvalidOperationException)
                {
                    // System.Text.Json refuses to decode an escaped unpaired surrogate ("\ud800").
                    errors.Add(field, "contains an unpaired surrogate escape (such as \\ud800), which is not a character; send valid Unicode text.");
                    return;
                }

                if (UntrustedText.Problem(text) is { } problem)
                {
                    errors.Add(field, problem);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    CheckText($"{field}[{index++}]", item, errors);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    CheckText($"{field}.{property.Name}", property.Value, errors);
                }

                break;
        }
    }

    private static BodyResult<T> Fail<T>(IResult problem)
        where T : class => new(null, problem);

    /// <summary>The JSON names of a request type's fields, with their types.</summary>
    public static IReadOnlyDictionary<string, Type> FieldsOf(Type type) =>
        ApiJson.Request.GetTypeInfo(type).Properties.ToDictionary(p => p.Name, p => p.PropertyType, StringComparer.Ordinal);

    internal static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType.Value ?? "";
        var json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var charset = media.Charset.Value;
        return json && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/> (reading stops there).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Min(maxBytes + 1, ChunkSize));
        while (true)
        {
            var memory = buffer.GetMemory(ChunkSize);
            var read = await body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return null;
            }
        }
    }

    /// <summary>Where the first byte that is not UTF-8 is, or null when all of it is.</summary>
    private static int? InvalidUtf8Offset(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        var offset = 0;
        while (offset < bytes.Length && System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    // JsonException messages end with "LineNumber: 0 | BytePositionInLine: 5."; the position is given separately.
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Sample(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? $" {value.GetRawText()}" : "";

    private static string Describe(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (inner == typeof(int))
        {
            return $"an integer between {int.MinValue} and {int.MaxValue}";
        }

        if (inner == typeof(long))
        {
            return "an integer";
        }

        if (inner == typeof(decimal) || inner == typeof(double))
        {
            return "a number";
        }

        if (inner == typeof(string))
        {
            return "a string";
        }

        if (inner == typeof(bool))
        {
            return "true or false";
        }

        if (inner.IsGenericType && inner.GetGenericArguments() is [var item] && typeof(System.Collections.IEnumerable).IsAssignableFrom(inner))
        {
            return $"an array of {(item == typeof(string) ? "strings" : item.Name)}";
        }

        return inner.Name;
    }
}
