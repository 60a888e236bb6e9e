using CoScientist.Core.Literature;
using System.Xml;
using System.Xml.Linq;

namespace CoScientist.Literature.Text;

/// <summary>
/// Parses API XML without fetching the DTDs it names (NCBI's answers declare them) and without
/// expanding entities, so a hostile or broken answer can neither reach the network nor blow up memory.
/// </summary>
public static class SafeXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 10_000,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <exception cref="XmlException">The text is not well-formed XML.</exception>
    public static XDocument Parse(string text)
    {
        using var reader = XmlReader.Create(new StringReader(text), Settings);
        return XDocument.Load(reader, LoadOptions.PreserveWhitespace);
    }

    /// <summary>The document, or a <see cref="LiteratureSourceException"/> naming what came instead of XML.</summary>
    public static XElement ParseRoot(string source, string text)
    {
        try
        {
            return Parse(text).Root ?? throw new LiteratureSourceException(source, "unusable answer: an XML document without a root element");
        }
        catch (XmlException ex)
        {
            throw new LiteratureSourceException(source, $"unusable answer: not XML ({ErrorBodies.Describe(text)})", null, ex);
        }
    }
}
