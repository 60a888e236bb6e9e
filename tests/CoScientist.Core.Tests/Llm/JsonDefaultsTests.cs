using System.Text.Json;
using CoScientist.Core.Llm;
using CoScientist.Core.Reviews;

namespace CoScientist.Core.Tests.Llm;

public sealed class JsonDefaultsTests
{
    private sealed record Sample(string FirstName, ReviewVerdict Verdict, RejectionReason Reason);

    [Fact]
    public void Options_Serialize_CamelCaseNamesAndEnumStrings() =>
        Assert.Equal(
            """{"firstName":"Ada","verdict":"reject","reason":"unoriginal"}""",
            JsonSerializer.Serialize(new Sample("Ada", ReviewVerdict.Reject, RejectionReason.Unoriginal), JsonDefaults.Options));

    [Fact]
    public void Options_Deserialize_AcceptsAnyCaseOfNamesAndEnums() =>
        Assert.Equal(
            new Sample("Ada", ReviewVerdict.Pass, RejectionReason.None),
            JsonSerializer.Deserialize<Sample>("""{"FirstName":"Ada","verdict":"Pass","reason":"none"}""", JsonDefaults.Options));

    [Fact]
    public void Indented_WritesOnSeveralLines() =>
        Assert.Contains('\n', JsonSerializer.Serialize(new Sample("a", ReviewVerdict.Pass, RejectionReason.None), JsonDefaults.Indented));
}
