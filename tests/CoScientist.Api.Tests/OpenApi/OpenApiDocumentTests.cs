using System.Text.Json;
using CoScientist.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoScientist.Api.Tests.OpenApi;

/// <summary>GET /api/openapi.json describes exactly the routes the server maps.</summary>
public sealed class OpenApiDocumentTests(ApiFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Document_HasEveryMappedRouteAndMethod_AndNothingElse()
    {
        var document = await fixture.Server.GetJsonAsync("/api/openapi.json", Ct);

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var mapped = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            // Endpoints marked as no API operation stay out of the document.
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(22, mapped.Count);
        Assert.Equal(mapped, documented);
    }

    [Fact]
    public async Task Document_IsOpenApi3_WithOperationIds_Responses_Schemas_AndTheKeyScheme()
    {
        var document = await fixture.Server.GetJsonAsync("/api/openapi.json", Ct);

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var operations = document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => (Path: p.Name, Method: m.Name, Operation: m.Value))).ToList();
        Assert.Equal(operations.Count, operations.Select(o => o.Operation.GetProperty("operationId").GetString()).Distinct().Count());
        Assert.All(operations, o => Assert.True(o.Operation.GetProperty("responses").TryGetProperty("401", out _), $"{o.Method} {o.Path} does not document 401"));

        var create = document.GetProperty("paths").GetProperty("/api/runs").GetProperty("post");
        Assert.Equal("CreateRun", create.GetProperty("operationId").GetString());
        Assert.Equal(["202", "400", "413", "415", "401"], create.GetProperty("responses").EnumerateObject().Select(r => r.Name));
        Assert.True(create.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(create.GetProperty("responses").GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));

        var schemas = document.GetProperty("components").GetProperty("schemas");
        var request = schemas.GetProperty("CreateRunRequest").GetProperty("properties");
        Assert.Equal(
            ["goal", "preferences", "constraints", "maxProposals", "maxMatches", "budgetUsd", "maxTokens", "maxMinutes", "model", "seed", "literature"],
            request.EnumerateObject().Select(p => p.Name));
        Assert.Contains("only the run's attached context", request.GetProperty("literature").GetProperty("description").GetString(), StringComparison.Ordinal);
        var statuses = schemas.GetProperty("RunStatus").GetProperty("enum").EnumerateArray().Select(e => e.GetString());
        Assert.Equal(["pending", "running", "paused", "completed", "stopped", "failed"], statuses);

        var top = document.GetProperty("paths").GetProperty("/api/runs/{runId}/proposals").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "top");
        Assert.Equal("integer", top.GetProperty("schema").GetProperty("type").GetString());

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey");
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("x-api-key", scheme.GetProperty("name").GetString());

        var overview = document.GetProperty("paths").GetProperty("/api/runs/{runId}/overview").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal(["text/markdown", "text/html", "application/json"], overview.EnumerateObject().Select(c => c.Name));
    }

    [Fact]
    public async Task Document_IsTheSameOnEveryRequest()
    {
        var first = await fixture.Server.Client.GetStringAsync("/api/openapi.json", Ct);
        var second = await fixture.Server.Client.GetStringAsync("/api/openapi.json", Ct);

        Assert.Equal(first, second);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(first).RootElement.ValueKind);
    }
}
