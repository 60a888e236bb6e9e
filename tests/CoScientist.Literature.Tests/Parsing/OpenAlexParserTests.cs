using CoScientist.Core.Literature;
using System.Text.Json;
using CoScientist.Literature;
using CoScientist.Literature.OpenAlex;
using CoScientist.Literature.Tests.Fakes;

namespace CoScientist.Literature.Tests.Parsing;

public sealed class OpenAlexParserTests
{
    [Fact]
    public void ParseList_PaperQa_AbstractRebuiltFromTheInvertedIndex()
    {
        var result = OpenAlexParser.ParseList(Fixtures.Read("openalex/paperqa_works_filter_title_search_paperqa.json"));

        Assert.Equal(1, result.Count);
        var article = Assert.Single(result.Articles);
        Assert.Equal("openalex:W4389761608", article.Id);
        Assert.Equal("PaperQA: Retrieval-Augmented Generative Agent for Scientific Research", article.Title);
        Assert.Equal("10.48550/arxiv.2312.07559", article.Doi);
        Assert.Equal(2023, article.Year);
        Assert.Equal(["Jakub Lála", "Odhran O’Donoghue", "Aleksandar Shtedritski", "Sam Cox", "Samuel G. Rodriques", "Andrew Dickson White"], article.Authors);
        Assert.StartsWith("Large Language Models (LLMs) generalize well across language tasks, but suffer from hallucinations", article.Abstract, StringComparison.Ordinal);
        Assert.EndsWith("we demonstrate PaperQA's matches expert human researchers on LitQA.", article.Abstract, StringComparison.Ordinal);
        Assert.Equal(165, article.Abstract.Split(' ').Length);
        Assert.Equal("https://arxiv.org/abs/2312.07559", article.Url);
        Assert.Equal(SourceNames.OpenAlex, article.Source);
    }

    [Fact]
    public void ParseList_ChemCrow_TwoVersionsAndTheAbstractHeadingDropped()
    {
        var result = OpenAlexParser.ParseList(Fixtures.Read("openalex/paperqa_works_filter_title_search_chemcrow_2_results.json"));

        Assert.Equal(2, result.Count);
        Assert.Equal(["openalex:W4396723768", "openalex:W4365597205"], result.Articles.Select(a => a.Id));
        var journal = result.Articles[0];
        Assert.Equal("Augmenting large language models with chemistry tools", journal.Title);
        Assert.StartsWith("Large language models (LLMs) have shown strong performance in tasks across domains", journal.Abstract, StringComparison.Ordinal);
        Assert.Equal("10.1038/s42256-024-00832-8", journal.Doi);
        Assert.Equal(2024, journal.Year);
        Assert.Equal(6, journal.Authors.Count);
        Assert.Equal("ChemCrow: Augmenting large-language models with chemistry tools", result.Articles[1].Title);
        Assert.StartsWith("Over the last decades, excellent computational chemistry tools", result.Articles[1].Abstract, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseList_CopperOxide()
    {
        var article = Assert.Single(OpenAlexParser.ParseList(Fixtures.Read("openalex/paperqa_works_filter_title_search_copper_oxide.json")).Articles);

        Assert.Equal("Effect of native oxide layers on copper thin-film tensile properties: A reactive molecular dynamics study", article.Title);
        Assert.Equal(["Michael Skarlinski", "David J. Quesnel"], article.Authors);
        Assert.Equal(2015, article.Year);
        Assert.Equal(290, article.Abstract.Split(' ').Length);
        Assert.EndsWith("implies that the oxidation of the films reduces the activation volume for yielding.", article.Abstract, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseWork_SingleWorkObject()
    {
        var article = OpenAlexParser.ParseWork(Fixtures.Read("openalex/paperqa_work_by_doi_pnas.json"));

        Assert.Equal("openalex:W2109415576", article.Id);
        Assert.Equal("Developing functional musculoskeletal tissues through hypoxia and lysyl oxidase-induced collagen cross-linking", article.Title);
        Assert.Equal("10.1073/pnas.1414271111", article.Doi);
        Assert.Equal(2014, article.Year);
        Assert.Equal(5, article.Authors.Count);
        Assert.Equal("Kyriacos A. Athanasiou", article.Authors[^1]);
        Assert.StartsWith("Significance The inadequate mechanical properties of engineered tissues", article.Abstract, StringComparison.Ordinal);
    }

    [Fact]
    public void RebuildAbstract_PlacesWordsByPosition()
    {
        using var index = JsonDocument.Parse("""{"world":[1],"hello":[0,2],"again.":[3]}""");

        Assert.Equal("hello world hello again.", OpenAlexParser.RebuildAbstract(index.RootElement));
    }

    [Fact]
    public void ParseList_NoResultsAndNoAbstract()
    {
        var empty = OpenAlexParser.ParseList("""{"meta":{"count":0,"page":1,"per_page":25},"results":[],"group_by":[]}""");
        var noAbstract = OpenAlexParser.ParseList("""{"meta":{"count":1},"results":[{"id":"https://openalex.org/W1","doi":null,"title":"T <i>x</i>","publication_year":null,"authorships":[],"abstract_inverted_index":null}]}""");

        Assert.Empty(empty.Articles);
        var article = Assert.Single(noAbstract.Articles);
        Assert.Equal("T x", article.Title);
        Assert.Equal("", article.Abstract);
        Assert.Null(article.Year);
        Assert.Equal("https://openalex.org/W1", article.Url);
    }

    [Fact]
    public void Parse_ErrorObject_IsALiteratureSourceExceptionWithOpenAlexsWords()
    {
        var error = Assert.Throws<LiteratureSourceException>(() =>
            OpenAlexParser.ParseList("""{"error":"Invalid query parameters error.","message":"per_page is not a valid parameter"}"""));

        Assert.Equal("openalex: OpenAlex error: Invalid query parameters error.: per_page is not a valid parameter", error.Message);
    }
}
