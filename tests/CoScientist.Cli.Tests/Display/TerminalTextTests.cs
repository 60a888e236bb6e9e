using CoScientist.Cli.Display;

namespace CoScientist.Cli.Tests.Display;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain text é 💊", "plain text é 💊")]
    [InlineData("a\u001b[31mred", "a\\u001B[31mred")]
    [InlineData("csi\u009b2J", "csi\\u009B2J")]
    [InlineData("bell\u0007 del\u007f", "bell\\u0007 del\\u007F")]
    [InlineData("two\nlines\tand\r", "two\\nlines\\tand\\r")]
    [InlineData("rtl\u202Eexe.txt", "rtl\\u202Eexe.txt")]
    [InlineData("", "")]
    public void Safe_MakesEveryActiveCharacterVisible(string text, string expected) =>
        Assert.Equal(expected, TerminalText.Safe(text));
}
