using System.Text;
using System.Text.Json;

namespace CoScientist.Ingest.Files;

/// <summary>What an uploaded file is, from its name: the kinds the handler accepts and how it reads them.</summary>
internal enum UploadFileType
{
    Json,
    Markdown,
    Text,
    Csv,
    Tsv,
    Unsupported,
}

/// <summary>Types, text decoding and checks shared by goal files and data files.</summary>
internal static class UploadFile
{
    /// <summary>The types a data file may have.</summary>
    public static readonly IReadOnlyList<string> DataExtensions = [".csv", ".tsv", ".md", ".markdown", ".txt", ".json"];

    public static UploadFileType TypeOf(string blobName) => Path.GetExtension(blobName).ToLowerInvariant() switch
    {
        ".json" => UploadFileType.Json,
        ".md" or ".markdown" => UploadFileType.Markdown,
        ".txt" or ".text" => UploadFileType.Text,
        ".csv" => UploadFileType.Csv,
        ".tsv" or ".tab" => UploadFileType.Tsv,
        _ => UploadFileType.Unsupported,
    };

    /// <summary>
    /// The file as text: strict UTF-8 (a byte-order mark is dropped). Anything else, or text with NUL
    /// or other control characters a text file does not hold, is refused as binary.
    /// </summary>
    public static string DecodeText(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        if (bytes.IndexOf((byte)0) is var nul and >= 0)
        {
            throw new UploadRejectedException($"The {what} is binary (a NUL byte at offset {nul}); only UTF-8 text files are accepted (CSV, TSV, Markdown, text, JSON).");
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new UploadRejectedException($"The {what} is not UTF-8 text (invalid bytes at offset {ex.Index}); only UTF-8 text files are accepted (CSV, TSV, Markdown, text, JSON).");
        }

        var controls = text.Count(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f'));
        if (controls > 0)
        {
            throw new UploadRejectedException($"The {what} holds {controls} control character(s) a text file does not; only UTF-8 text files are accepted.");
        }

        return text;
    }

    /// <summary>Refuses a JSON data file that does not parse, so the agents never read half a document.</summary>
    public static void CheckJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new UploadRejectedException($"The JSON data file is not valid JSON at line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}.");
        }
    }
}
