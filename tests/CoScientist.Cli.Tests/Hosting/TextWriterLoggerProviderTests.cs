using CoScientist.Cli.Hosting;
using Microsoft.Extensions.Logging;

namespace CoScientist.Cli.Tests.Hosting;

public sealed class TextWriterLoggerProviderTests
{
    [Fact]
    public void Log_WithAnException_TheLineNamesItsTypeMessageAndInnerCause()
    {
        var writer = new StringWriter();
        using var provider = new TextWriterLoggerProvider(writer);
        var logger = provider.CreateLogger("CoScientist.Pipeline.LocalPipelineHost");
        var failure = Thrown(new InvalidOperationException("step failed", new TimeoutException("storage did not answer")));

        logger.LogError(failure, "Message {MessageId} failed", "m-1");

        var line = Assert.Single(writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: LocalPipelineHost: Message m-1 failed | System.InvalidOperationException: step failed ---> System.TimeoutException: storage did not answer (at ", line, StringComparison.Ordinal);
        Assert.Contains(nameof(Thrown), line, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_MessageWithTerminalEscapes_IsWrittenWithThemVisible()
    {
        var writer = new StringWriter();
        using var provider = new TextWriterLoggerProvider(writer);

        provider.CreateLogger("Upload").LogWarning("Upload {BlobName} quarantined", "evil\u001b[2J\u001b]0;x\u0007.md");

        Assert.Equal("warning: Upload: Upload evil\\u001B[2J\\u001B]0;x\\u0007.md quarantined" + Environment.NewLine, writer.ToString());
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
