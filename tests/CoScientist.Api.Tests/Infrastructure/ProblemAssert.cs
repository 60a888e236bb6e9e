using System.Net;
using System.Text.Json;

namespace CoScientist.Api.Tests.Infrastructure;

/// <summary>Checks that an answer is the RFC 7807 problem expected, and returns its body.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsAsync(HttpResponseMessage response, HttpStatusCode status, string type, string? detailContains = null)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal("urn:cosci:problem:" + type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), "the problem has no title");
        var detail = problem.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail), "the problem has no detail");
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, detail, StringComparison.Ordinal);
        }

        return problem;
    }

    /// <summary>A 400 validation problem whose <c>errors</c> name <paramref name="field"/> with a message containing <paramref name="messageContains"/>.</summary>
    public static async Task<JsonElement> IsValidationAsync(HttpResponseMessage response, string field, string messageContains, string type = "validation")
    {
        var problem = await IsAsync(response, HttpStatusCode.BadRequest, type);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"no errors field: {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors do not name '{field}': {errors}");
        Assert.Contains(messages.EnumerateArray().Select(m => m.GetString()), m => m!.Contains(messageContains, StringComparison.Ordinal));
        return problem;
    }
}
