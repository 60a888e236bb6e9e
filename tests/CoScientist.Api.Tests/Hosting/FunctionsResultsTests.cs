using System.Text.Json;
using CoScientist.Api.Hosting;
using CoScientist.Api.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace CoScientist.Api.Tests.Hosting;

/// <summary>A handler's answer, returned from a Functions trigger as an IActionResult, is written byte for byte alike.</summary>
public sealed class FunctionsResultsTests
{
    [Fact]
    public async Task ToActionResult_WritesTheProblemAsTheApiDoes()
    {
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        context.Request.Path = "/api/runs/run-x";

        await ApiProblems.RunNotFound("run-x").ToActionResult().ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));

        Assert.Equal(404, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        var problem = JsonDocument.Parse(context.Response.Body).RootElement;
        Assert.Equal("urn:cosci:problem:run-not-found", problem.GetProperty("type").GetString());
        Assert.Equal("/api/runs/run-x", problem.GetProperty("instance").GetString());
        Assert.Equal("run-x", problem.GetProperty("runId").GetString());
    }
}
