using CoScientist.Core.Messaging;

namespace CoScientist.Core.Tests.Messaging;

public sealed class StepMessageTests
{
    [Fact]
    public void StepMessage_ToJsonAndParse_RoundTrips()
    {
        var message = new StepMessage("run-1", "r002-match-04");

        Assert.Equal(message, StepMessage.Parse(message.ToJson()));
    }

    [Fact]
    public void StepMessage_ToJson_IsCamelCaseIdsOnly() =>
        Assert.Equal("""{"runId":"run-1","taskId":"t-1"}""", new StepMessage("run-1", "t-1").ToJson());

    [Theory]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"runId":"run-1"}""")]
    [InlineData("""{"taskId":"t-1"}""")]
    [InlineData("""{"runId":" ","taskId":"t-1"}""")]
    [InlineData("""{"runId":"run-1","taskId":""}""")]
    [InlineData("""{"runId":5,"taskId":"t"}""")]
    public void StepMessage_ParseMalformedOrIncomplete_ThrowsMalformedMessage(string json) =>
        Assert.Throws<MalformedMessageException>(() => StepMessage.Parse(json));
}
