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
    [InlineData(null)]
    [InlineData(3)]
    public void SupervisorMessage_ToJsonAndParse_RoundTrips(int? heartbeat)
    {
        var message = new SupervisorMessage("run-1", heartbeat);

        Assert.Equal(message, SupervisorMessage.Parse(message.ToJson()));
    }

    [Fact]
    public void SupervisorMessage_Parse_AcceptsMissingHeartbeat() =>
        Assert.Equal(new SupervisorMessage("run-9"), SupervisorMessage.Parse("""{"runId":"run-9"}"""));

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

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"runId":""}""")]
    [InlineData("""{"runId":"r","heartbeat":"soon"}""")]
    public void SupervisorMessage_ParseMalformedOrIncomplete_ThrowsMalformedMessage(string json) =>
        Assert.Throws<MalformedMessageException>(() => SupervisorMessage.Parse(json));
}
