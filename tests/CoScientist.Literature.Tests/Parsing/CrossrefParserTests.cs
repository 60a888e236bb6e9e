using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Literature.Crossref;
using CoScientist.Literature.Tests.Fakes;

namespace CoScientist.Literature.Tests.Parsing;

public sealed class CrossrefParserTests
{
    [Fact]
    public void ParseList_JatsAbstractWithSections_BecomesLabelledLines()
    {
        var result = CrossrefParser.ParseList(Fixtures.Read("crossref/paperqa_works_query_title_11_authors.json"));

        Assert.Equal(2242642, result.TotalResults);
        var article = Assert.Single(result.Articles);
        Assert.Equal("doi:10.1093/jamiaopen/ooae021", article.Id);
        Assert.Equal("Retrieval augmented scientific claim verification", article.Title);
        Assert.Equal(11, article.Authors.Count);
        Assert.Equal("Hao Liu", article.Authors[0]);
        Assert.Equal("Jordan G Nestor", article.Authors[2]);
        Assert.Equal("Chunhua Weng", article.Authors[^1]);
        Assert.Equal(2024, article.Year);
        Assert.Equal("https://doi.org/10.1093/jamiaopen/ooae021", article.Url);
        var lines = article.Abstract.Split('\n');
        Assert.Equal("Objective: To automate scientific claim verification using PubMed abstracts.", lines[0]);
        Assert.StartsWith("Materials and Methods: We developed CliVER", lines[1], StringComparison.Ordinal);
        Assert.Contains("CliVER’s performance", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("Results: ", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("Future studies are warranted to further test its clinical utility.", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("jats", article.Abstract, StringComparison.Ordinal);
        Assert.DoesNotContain('<', article.Abstract);
    }

    [Fact]
    public void ParseList_PostedContent_AbstractHeadingDroppedAndAuthors()
    {
        var article = Assert.Single(CrossrefParser.ParseList(Fixtures.Read("crossref/paperqa_works_query_title_posted_content.json")).Articles);

        Assert.Equal("doi:10.1101/2024.04.01.587366", article.Id);
        Assert.Equal("High-throughput screening of human genetic variants by pooled prime editing", article.Title);
        Assert.StartsWith("Understanding the effects of rare genetic variants remains challenging", article.Abstract, StringComparison.Ordinal);
        Assert.EndsWith("our platform promises to enable highly scalable functional assessment of human variants.", article.Abstract, StringComparison.Ordinal);
        Assert.Equal(["Michael Herger", "Christina M. Kajba", "Megan Buckley", "Ana Cunha", "Molly Strom", "Gregory M. Findlay"], article.Authors);
        Assert.Equal(2024, article.Year);
    }

    [Fact]
    public void ParseList_HtmlParagraphAbstractsAndAnAuthorlessEntry()
    {
        var result = CrossrefParser.ParseList(Fixtures.Read("crossref/habanero_works_query_ecology_rows2.json"));

        Assert.Equal(586628, result.TotalResults);
        Assert.Equal(2, result.Articles.Count);
        Assert.Equal("Communicating Ecology", result.Articles[0].Title);
        Assert.Empty(result.Articles[0].Authors);
        Assert.StartsWith("Communication is perhaps the most important, but least formally discussed", result.Articles[0].Abstract, StringComparison.Ordinal);
        Assert.Equal(2022, result.Articles[0].Year);
        Assert.Equal(["André Kessler"], result.Articles[1].Authors);
        Assert.StartsWith("“Ours is a world of sights and sounds.", result.Articles[1].Abstract, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseList_CursorPage_NullDatePartsAndMostlyNoAbstract()
    {
        var result = CrossrefParser.ParseList(Fixtures.Read("crossref/habanero_works_query_widget_cursor.json"));

        Assert.Equal(454, result.TotalResults);
        Assert.Equal(20, result.Articles.Count);
        Assert.Equal("Widget Mania: Using a GUI Widget Framework", result.Articles[0].Title);
        Assert.Equal(2007, result.Articles[0].Year); // issued is [[null]]: the year the DOI was created
        Assert.Equal(2020, result.Articles[2].Year);
        Assert.Equal(["Kamil Foltyński"], result.Articles[13].Authors);
        var withAbstract = Assert.Single(result.Articles, a => a.Abstract.Length > 0);
        Assert.Equal("doi:10.59350/7mtwq-q3661", withAbstract.Id);
        Assert.Equal("In addition to this Swing-based screenshot of JChemPaint , here's a SWT widget in action (lower right corner):", withAbstract.Abstract);
    }

    [Fact]
    public void ParseList_SelectedFieldsOnly()
    {
        var result = CrossrefParser.ParseList(Fixtures.Read("crossref/habanero_works_select_doi_title.json"));

        Assert.Equal(20, result.Articles.Count);
        Assert.Equal("doi:10.1093/obo/9780199830060-0238", result.Articles[0].Id);
        Assert.Equal("Urban Forest Ecology", result.Articles[^1].Title);
        Assert.All(result.Articles, a => Assert.Null(a.Year));
        Assert.Equal("https://doi.org/10.1093/obo/9780199830060-0238", result.Articles[0].Url);
    }

    [Fact]
    public void ParseWork_SingleWorkEnvelope()
    {
        var article = CrossrefParser.ParseWork("""{"status":"ok","message-type":"work","message-version":"1.0.0","message":{"DOI":"10.1000/ABC","title":["A <i>b</i> c"],"author":[{"name":"The Consortium"},{"given":"Ève","family":"Ñúñez"}],"issued":{"date-parts":[[2020,1]]}}}""");

        Assert.Equal("doi:10.1000/abc", article.Id);
        Assert.Equal("A b c", article.Title);
        Assert.Equal(["The Consortium", "Ève Ñúñez"], article.Authors);
        Assert.Equal(2020, article.Year);
    }

    [Fact]
    public void Parse_ValidationFailure_IsALiteratureSourceExceptionWithCrossrefsMessages()
    {
        const string Body = """{"status":"failed","message-type":"validation-failure","message":[{"value":"abc","message":"Integer specified as abc but must be a positive integer less than or equal to 1000.","type":"integer-not-valid"}]}""";

        var error = Assert.Throws<LiteratureSourceException>(() => CrossrefParser.ParseList(Body));

        Assert.Equal("crossref: Crossref error (validation-failure): Integer specified as abc but must be a positive integer less than or equal to 1000.", error.Message);
    }
}
