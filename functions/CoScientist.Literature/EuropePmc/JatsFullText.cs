using CoScientist.Core.Literature;
using System.Xml;
using System.Xml.Linq;
using CoScientist.Literature.Text;

namespace CoScientist.Literature.EuropePmc;

/// <summary>The readable parts of a JATS article from Europe PMC's <c>fullTextXML</c>.</summary>
/// <param name="Abstract">The abstract in the article's front matter, or empty.</param>
/// <param name="Body">The body: section titles joined to their first paragraph, one paragraph per line.</param>
public sealed record JatsFullText(string Abstract, string Body)
{
    /// <summary>Parses <paramref name="xml"/>; an answer that is not a JATS article is a <see cref="LiteratureSourceException"/>.</summary>
    public static JatsFullText Parse(string xml)
    {
        XElement root;
        try
        {
            root = SafeXml.Parse(xml).Root ?? throw new XmlException("no root element");
        }
        catch (XmlException ex)
        {
            throw new LiteratureSourceException(SourceNames.EuropePmc, $"unusable full text: not XML ({ErrorBodies.Describe(xml)})", null, ex);
        }

        if (root.Name.LocalName != "article")
        {
            throw new LiteratureSourceException(SourceNames.EuropePmc, $"unusable full text: <{root.Name.LocalName}> where a JATS <article> was expected");
        }

        var abstractElement = root.Element("front")?.Element("article-meta")?.Elements("abstract")
            .FirstOrDefault(a => a.Attribute("abstract-type") is null);
        return new JatsFullText(Markup.ToPlainText(abstractElement), Markup.ToPlainText(root.Element("body")));
    }

    /// <summary>Abstract, then the body under a "Full text:" line, cut to <paramref name="maxCharacters"/> at a word boundary.</summary>
    public static string Combine(string abstractText, string body, int maxCharacters)
    {
        var text = body.Length == 0 ? abstractText
            : abstractText.Length == 0 ? $"Full text:\n{body}"
            : $"{abstractText}\n\nFull text:\n{body}";
        if (text.Length <= maxCharacters)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', maxCharacters - 1);
        return text[..(cut > maxCharacters / 2 ? cut : maxCharacters - 1)] + "…";
    }
}
