using CoScientist.Core.Literature;
using CoScientist.Core.Storage;

namespace CoScientist.Azure.Tests;

/// <summary>The run's literature table on Azure Tables: article ids (DOIs with '/', '(', '%') make valid keys, and a row is written once.</summary>
[Trait("Category", "Integration")]
public sealed class LiteratureTableTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("doi:10.1016/0005-2795(76)90109-4")]
    [InlineData("doi:10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E")]
    [InlineData("arxiv:astro-ph/0601001")]
    [InlineData("doi:10.1000/a%2Fb#c?d")]
    [InlineData("pmid:27797938")]
    public async Task Article_IsStoredOnceUnderItsId_AndFoundByAnyFormOfIt(string id)
    {
        var clients = azurite.Clients();
        await new AzureStorageProvisioner(clients).EnsureCreatedAsync(Ct);
        var store = new RunStore(new AzureTableStore(clients));
        var article = new Article(id, "Title", "Abstract.", ["A. Author"], 2017, null, "test");

        Assert.True(await store.TryAddLiteratureAsync(new RetrievedArticle { RunId = "run-1", Article = article, FoundBy = "r002-generate-01", Round = 2 }, Ct));
        Assert.False(await store.TryAddLiteratureAsync(new RetrievedArticle { RunId = "run-1", Article = article, FoundBy = "r005-review-01", Round = 5 }, Ct));

        var stored = await store.GetLiteratureAsync("run-1", id.ToUpperInvariant().Replace("DOI:", "https://doi.org/", StringComparison.Ordinal), Ct);
        Assert.Equal(("r002-generate-01", id), (stored?.FoundBy, stored?.Article.Id));
        Assert.Equal([id], (await store.ListLiteratureAsync("run-1", Ct)).Select(r => r.Article.Id));
    }
}
