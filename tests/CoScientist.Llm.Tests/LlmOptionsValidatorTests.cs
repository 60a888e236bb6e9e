using CoScientist.Core.Llm;

namespace CoScientist.Llm.Tests;

public sealed class LlmOptionsValidatorTests
{
    private const string Secret = "sk-very-secret-value";

    [Fact]
    public void Validate_DefaultOptions_AreValidSimulated()
    {
        Assert.Empty(LlmOptionsValidator.Validate(new LlmOptions()));
    }

    [Fact]
    public void Validate_AzureWithoutEndpoint_NamesEndpoint()
    {
        var problems = LlmOptionsValidator.Validate(new LlmOptions { Provider = LlmProvider.AzureOpenAI, ApiKey = Secret, Model = "gpt-4.1" });

        Assert.Contains(problems, p => p.StartsWith("Llm:Endpoint is required for provider AzureOpenAI", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AzureWithoutKeyOrEntraId_NamesBoth()
    {
        var problems = LlmOptionsValidator.Validate(new LlmOptions
        {
            Provider = LlmProvider.AzureOpenAI,
            Endpoint = "https://myres.openai.azure.com/",
            Model = "gpt-4.1",
        });

        Assert.Equal(["Llm:ApiKey or Llm:UseEntraId=true is required for provider AzureOpenAI."], problems);
    }

    [Fact]
    public void Validate_AzureWithKeyAndEntraId_SaysExclusive()
    {
        var problems = LlmOptionsValidator.Validate(new LlmOptions
        {
            Provider = LlmProvider.AzureOpenAI,
            Endpoint = "https://myres.openai.azure.com/",
            Model = "gpt-4.1",
            ApiKey = Secret,
            UseEntraId = true,
        });

        Assert.Equal(["Llm:ApiKey and Llm:UseEntraId=true are exclusive; set only one."], problems);
    }

    [Fact]
    public void Validate_EntraIdOverHttp_RequiresHttps()
    {
        var problems = LlmOptionsValidator.Validate(new LlmOptions
        {
            Provider = LlmProvider.AzureOpenAI,
            Endpoint = "http://myres.openai.azure.com/",
            Model = "gpt-4.1",
            UseEntraId = true,
        });

        Assert.Equal(["Llm:Endpoint must use https when Llm:UseEntraId=true."], problems);
    }

    [Fact]
    public void Validate_EntraIdWithOpenAIProvider_IsRejected()
    {
        var problems = LlmOptionsValidator.Validate(new LlmOptions
        {
            Provider = LlmProvider.OpenAI,
            ApiKey = Secret,
            Model = "gpt-4.1",
            UseEntraId = true,
        });

        Assert.Equal(["Llm:UseEntraId applies only to provider AzureOpenAI."], problems);
    }

    [Theory]
    [InlineData(LlmProvider.AzureOpenAI)]
    [InlineData(LlmProvider.OpenAI)]
    public void Validate_MissingModel_NamesModel(LlmProvider provider)
    {
        var problems = LlmOptionsValidator.Validate(new LlmOptions
        {
            Provider = provider,
            Endpoint = "https://myres.openai.azure.com/",
            ApiKey = Secret,
        });

        Assert.Equal([$"Llm:Model is required for provider {provider}."], problems);
    }

    [Fact]
    public void Validate_OpenAIWithoutKeyOnRemoteEndpoint_RequiresKey()
    {
        var problems = LlmOptionsValidator.Validate(new LlmOptions
        {
            Provider = LlmProvider.OpenAI,
            Endpoint = "https://models.example.com/v1/",
            Model = "llama3",
        });

        Assert.Equal(["Llm:ApiKey is required for provider OpenAI unless Llm:Endpoint is a local (loopback) server."], problems);
    }

    [Fact]
    public void Validate_OpenAIWithoutKeyOrEndpoint_RequiresKey()
    {
        var problems = LlmOptionsValidator.Validate(new LlmOptions { Provider = LlmProvider.OpenAI, Model = "gpt-4.1" });

        Assert.Single(problems, p => p.StartsWith("Llm:ApiKey is required for provider OpenAI", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://localhost:11434/v1/")]
    [InlineData("http://127.0.0.1:8080/v1")]
    [InlineData("http://[::1]:8000/v1/")]
    public void Validate_OpenAIWithoutKeyOnLoopback_IsValid(string endpoint)
    {
        var problems = LlmOptionsValidator.Validate(new LlmOptions { Provider = LlmProvider.OpenAI, Endpoint = endpoint, Model = "llama3" });

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("myres.openai.azure.com")]
    [InlineData("ftp://myres.openai.azure.com/")]
    [InlineData("/openai/v1/")]
    public void Validate_EndpointNotAbsoluteHttp_NamesEndpoint(string endpoint)
    {
        var problems = LlmOptionsValidator.Validate(new LlmOptions
        {
            Provider = LlmProvider.AzureOpenAI,
            Endpoint = endpoint,
            ApiKey = Secret,
            Model = "gpt-4.1",
        });

        Assert.Equal(["Llm:Endpoint must be an absolute http or https URI."], problems);
    }

    [Fact]
    public void Validate_NumericLimits_NameEachKey()
    {
        var problems = LlmOptionsValidator.Validate(new LlmOptions { MaxConcurrency = 0, MaxRetries = -1, NetworkTimeoutSeconds = 0 });

        Assert.Equal(
            [
                "Llm:MaxConcurrency must be at least 1.",
                "Llm:MaxRetries must be between 0 and 10.",
                "Llm:NetworkTimeoutSeconds must be at least 1.",
            ],
            problems);
    }

    [Fact]
    public void Validate_NegativePrice_NamesModelKey()
    {
        var options = new LlmOptions();
        options.Prices["my-model"] = new PriceOptions { InputPerMillionUsd = -1m, OutputPerMillionUsd = 1m };

        Assert.Equal(["Llm:Prices:my-model must have non-negative InputPerMillionUsd and OutputPerMillionUsd."], LlmOptionsValidator.Validate(options));
    }

    [Fact]
    public void Validate_AgentModelKeyNotAnAgent_NamesKey()
    {
        var options = new LlmOptions();
        options.AgentModels["Rankin.SingleTurn"] = "gpt-4.1-mini";
        options.AgentModels["Ranking.SingleTurn"] = "gpt-4.1-mini";
        options.AgentModels["Reflection"] = " ";

        var problems = LlmOptionsValidator.Validate(options);

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("Llm:AgentModels:Rankin.SingleTurn does not start with an agent name", problems[0], StringComparison.Ordinal);
        Assert.Equal("Llm:AgentModels:Reflection must name a model.", problems[1]);
    }

    [Fact]
    public void Validate_EveryProblem_NeverContainsTheKey()
    {
        var options = new LlmOptions
        {
            Provider = LlmProvider.AzureOpenAI,
            Endpoint = "not a uri " + Secret,
            ApiKey = Secret,
            UseEntraId = true,
            MaxConcurrency = 0,
        };

        var problems = LlmOptionsValidator.Validate(options);

        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.DoesNotContain(Secret, p, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AsIValidateOptions_FailsWithSameMessages()
    {
        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { MaxConcurrency = 0 });

        Assert.True(result.Failed);
        Assert.Equal(["Llm:MaxConcurrency must be at least 1."], result.Failures);
    }
}
