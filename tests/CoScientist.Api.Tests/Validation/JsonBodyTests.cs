using System.Net;
using System.Text;
using System.Text.Json;
using CoScientist.Api.Tests.Infrastructure;
using CoScientist.Core.Runs;

namespace CoScientist.Api.Tests.Validation;

/// <summary>Text that is not characters is refused in every field of every body, naming the field; a BOM is not.</summary>
public sealed class JsonBodyTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiTestServer Server => fixture.Server;

    private string RunId => fixture.CompletedRunId;

    public static TheoryData<string, string, string, string> ControlCharacters => new()
    {
        // path, body, field, message part
        { "runs", JsonSerializer.Serialize(new { goal = "Slow fibrosis \u001b]0;pwned\u0007 \u001b[2J" }), "goal", "control character (U+001B at position 15)" },
        { "runs", JsonSerializer.Serialize(new { goal = "ok", preferences = new[] { "fine", "bad\u009b31m" } }), "preferences[1]", "control character (U+009B" },
        { "runs", JsonSerializer.Serialize(new { goal = "ok", constraints = new[] { "nul\u0000here" } }), "constraints[0]", "control character (U+0000" },
        { "runs", JsonSerializer.Serialize(new { goal = "bare\rreturn" }), "goal", "control character (U+000D" },
        { "runs/{run}/feedback", JsonSerializer.Serialize(new { text = "Prefer oral drugs\u001b[8m hidden" }), "text", "control character (U+001B" },
        { "runs/{run}/proposals", JsonSerializer.Serialize(new { title = "T\u0008itle", statement = "s" }), "title", "control character (U+0008" },
        { "runs/{run}/reviews", "{\"proposalId\": \"P-1\", \"text\": \"\\u007f\"}", "text", "control character (U+007F" },
    };

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public async Task Post_ControlCharacterInAnyTextField_Is400NamingTheField(string path, string body, string field, string message)
    {
        var before = await Server.FingerprintAsync(RunId, includeRunCount: true, Ct);

        using var response = await PostAsync(path.Replace("{run}", RunId, StringComparison.Ordinal), Encoding.UTF8.GetBytes(body));

        await ProblemAssert.IsValidationAsync(response, field, message);
        Assert.Equal(before, await Server.FingerprintAsync(RunId, includeRunCount: true, Ct));
    }

    [Theory]
    [InlineData("{\"goal\": \"half \\ud800 a pair\"}")]
    [InlineData("{\"goal\": \"\\udc00 low first\"}")]
    public async Task CreateRun_UnpairedSurrogateEscape_Is400SayingSo(string body)
    {
        using var response = await PostAsync("runs", Encoding.UTF8.GetBytes(body));

        var problem = await ProblemAssert.IsValidationAsync(response, "goal", "unpaired surrogate");
        Assert.DoesNotContain("got a string", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRun_NewlinesTabsCrlfAndEmoji_AreAccepted()
    {
        var body = JsonSerializer.Serialize(new { goal = "Slow fibrosis:\r\n\t- oral drugs 💊\n- cheap", maxProposals = 2 });

        using var response = await PostAsync("runs", Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task CreateRun_BodyWithUtf8ByteOrderMark_IsAccepted()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"goal": "Find drugs that slow liver fibrosis.", "maxProposals": 2}""")];

        using var response = await PostAsync("runs", body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("ok", null)]
    [InlineData("line\nand\ttab\r\n", null)]
    [InlineData("esc\u001b", "U+001B at position 4")]
    [InlineData("c1\u0085", "U+0085 at position 3")]
    [InlineData("cr\r", "U+000D at position 3")]
    [InlineData("\ud83d\ude00 pair", null)]
    public void UntrustedTextProblem_NamesTheFirstOffendingCharacter(string text, string? expected)
    {
        var problem = UntrustedText.Problem(text);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void UntrustedTextProblem_LoneSurrogate_IsNamed()
    {
        // Built here: a lone surrogate does not survive test-case serialization.
        var text = "lone " + (char)0xD83D + " end";

        Assert.Contains("unpaired surrogate (U+D83D at position 6)", UntrustedText.Problem(text), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/" + path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        return await Server.Client.SendAsync(request, Ct);
    }
}
