using CoScientist.Core.Literature;
using CoScientist.Literature;
using CoScientist.Literature.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoScientist.Literature.Tests.Configuration;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_ArePublicEndpointsAndEachApisEtiquette()
    {
        var options = Bind([]);

        Assert.Equal(new Uri("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"), options.Resolve("pubmed").BaseUri);
        Assert.Equal(new Uri("https://export.arxiv.org/api/"), options.Resolve("arxiv").BaseUri);
        Assert.Equal(new Uri("https://www.ebi.ac.uk/europepmc/webservices/rest/"), options.Resolve("europepmc").BaseUri);
        Assert.Equal(new Uri("https://api.openalex.org/"), options.Resolve("openalex").BaseUri);
        Assert.Equal(new Uri("https://api.crossref.org/"), options.Resolve("crossref").BaseUri);
        Assert.Equal(TimeSpan.FromSeconds(1.0 / 3), options.Resolve("pubmed").Interval);
        Assert.Equal((TimeSpan.FromSeconds(3), 1), (options.Resolve("arxiv").Interval, options.Resolve("arxiv").MaxConcurrency));
        Assert.Equal((TimeSpan.FromSeconds(0.2), 1), (options.Resolve("crossref").Interval, options.Resolve("crossref").MaxConcurrency));
        Assert.All(SourceNames.All, s => Assert.True(options.For(s).Enabled));
        Assert.Empty(LiteratureOptionsValidator.Validate(options));
    }

    [Fact]
    public void KeysAreCaseInsensitive_AndAKeyOrMailtoChangesTheEtiquette()
    {
        var options = Bind(new()
        {
            ["LITERATURE:PUBMED:BASEURL"] = "http://127.0.0.1:9/eutils",
            ["literature:pubmed:apikey"] = "k",
            ["Literature:crossref:Mailto"] = "me@example.org",
            ["Literature:Email"] = "team@example.org",
        });

        var pubmed = options.Resolve("PubMed");
        Assert.Equal(new Uri("http://127.0.0.1:9/eutils/"), pubmed.BaseUri);
        Assert.Equal(TimeSpan.FromSeconds(0.1), pubmed.Interval);
        Assert.Equal("k", pubmed.ApiKey);
        Assert.Equal("team@example.org", pubmed.Contact);
        Assert.Equal(("me@example.org", TimeSpan.FromSeconds(0.1), 3), (options.Resolve("crossref").Contact, options.Resolve("crossref").Interval, options.Resolve("crossref").MaxConcurrency));
        Assert.Equal("team@example.org", options.Resolve("openalex").Contact);
    }

    [Fact]
    public void Validation_NamesEveryBadKey()
    {
        using var services = new ServiceCollection()
            .AddLiteratureSources(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Literature:PubMed:BaseUrl"] = "ftp://example.org/",
                ["Literature:PubMed:RequestsPerSecond"] = "5",
                ["Literature:PubMed:Tool"] = "my tool",
                ["Literature:Arxiv:MaxConcurrency"] = "2",
                ["Literature:OpenAlex:RequestsPerSecond"] = "0",
                ["Literature:Crossref:Mailto"] = "not-an-address",
                ["Literature:MaxRetries"] = "11",
                ["Literature:EuropePmc:TimeoutSeconds"] = "-1",
            }).Build())
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LiteratureOptions>>().Value);

        var text = string.Join("\n", error.Failures);
        Assert.Contains("Literature:pubmed:BaseUrl must be an absolute http or https URL (got 'ftp://example.org/').", text, StringComparison.Ordinal);
        Assert.Contains("Literature:pubmed:RequestsPerSecond may not exceed 3 without Literature:pubmed:ApiKey", text, StringComparison.Ordinal);
        Assert.Contains("Literature:pubmed:Tool must be a non-empty name without spaces", text, StringComparison.Ordinal);
        Assert.Contains("Literature:arxiv:MaxConcurrency must be 1", text, StringComparison.Ordinal);
        Assert.Contains("Literature:openalex:RequestsPerSecond must be above 0", text, StringComparison.Ordinal);
        Assert.Contains("Literature:crossref:Mailto must be an email address (got 'not-an-address').", text, StringComparison.Ordinal);
        Assert.Contains("Literature:MaxRetries must be between 0 and 10 (got 11).", text, StringComparison.Ordinal);
        Assert.Contains("Literature:europepmc:TimeoutSeconds must be between", text, StringComparison.Ordinal);
        Assert.Equal(8, error.Failures.Count());
    }

    [Fact]
    public void Secrets_AreNeverInValidationMessages()
    {
        var options = Bind(new() { ["Literature:PubMed:ApiKey"] = "TOPSECRET", ["Literature:PubMed:BaseUrl"] = "nope" });

        var problems = LiteratureOptionsValidator.Validate(options);

        Assert.Single(problems);
        Assert.DoesNotContain("TOPSECRET", problems[0], StringComparison.Ordinal);
    }

    private static LiteratureOptions Bind(Dictionary<string, string?> values)
    {
        var options = new LiteratureOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(LiteratureOptions.SectionName).Bind(options);
        return options;
    }
}
