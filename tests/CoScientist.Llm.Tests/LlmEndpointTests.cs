using CoScientist.Core.Llm;

namespace CoScientist.Llm.Tests;

public sealed class LlmEndpointTests
{
    [Theory]
    [InlineData("https://myres.openai.azure.com", "https://myres.openai.azure.com/openai/v1/")]
    [InlineData("https://myres.openai.azure.com/", "https://myres.openai.azure.com/openai/v1/")]
    [InlineData("https://myres.openai.azure.com/openai", "https://myres.openai.azure.com/openai/v1/")]
    [InlineData("https://myres.openai.azure.com/openai/v1", "https://myres.openai.azure.com/openai/v1/")]
    [InlineData("https://myres.openai.azure.com/openai/v1/", "https://myres.openai.azure.com/openai/v1/")]
    [InlineData("https://myres.services.ai.azure.com/openai/v1/?x=1", "https://myres.services.ai.azure.com/openai/v1/")]
    public void ForAzure_ResourceOrV1Url_GivesV1Endpoint(string configured, string expected)
    {
        Assert.True(LlmEndpoint.TryParse(configured, out var uri));

        Assert.Equal(expected, LlmEndpoint.ForAzure(uri).ToString());
    }

    [Fact]
    public void ForOpenAI_NoEndpoint_IsApiOpenAICom()
    {
        Assert.Equal("https://api.openai.com/v1/", LlmEndpoint.ForOpenAI(null).ToString());
        Assert.Equal("http://localhost:11434/v1/", LlmEndpoint.ForOpenAI(new Uri("http://localhost:11434/v1")).ToString());
    }

    [Theory]
    [InlineData("https://myres.openai.azure.com/openai/v1/", "myres.openai.azure.com")]
    [InlineData("http://localhost:11434/v1/", "localhost:11434")]
    public void Display_ShowsHostAndNonDefaultPortOnly(string endpoint, string expected)
    {
        Assert.Equal(expected, LlmEndpoint.Display(new Uri(endpoint)));
    }
}
