using CoScientist.Text;

namespace CoScientist.Core.Tests.Text;

public sealed class TextNormalisationTests
{
    [Theory]
    [InlineData("PM\u200BID 123", "PMID 123")]
    [InlineData("P\u2060M\u00ADI\u200DD", "PMID")]
    [InlineData("\u202EPMID\u202C", "PMID")]
    [InlineData("\uFF30\uFF2D\uFF29\uFF24", "PMID")]
    [InlineData("\u0420MID 31452104", "PMID 31452104")] // Cyrillic Er
    [InlineData("\u0420\u041C\u0406D", "PMID")] // Cyrillic Er, Em, Byelorussian I
    [InlineData("\U0001D40F\U0001D40C\U0001D408\U0001D403", "PMID")] // mathematical bold
    [InlineData("NCT\u2009\uFF10\uFF11", "NCT 01")]
    [InlineData("a\uFE0Fb", "ab")]
    [InlineData("p\u00A0<\u00A00.05", "p < 0.05")]
    public void Normalise_HiddenOrLookalikeCharacters_FoldToPlainText(string input, string expected) =>
        Assert.Equal(expected, TextNormalisation.Normalise(input));

    [Theory]
    [InlineData("Привет мир")]
    [InlineData("αβγ δοκιμή")]
    [InlineData("Line one\n\tLine two")]
    public void Normalise_OrdinaryText_IsLeftAsWritten(string input) =>
        Assert.Equal(input, TextNormalisation.Normalise(input));

    [Fact]
    public void Normalise_LoneSurrogate_IsReplaced() =>
        Assert.Equal("x\uFFFDy", TextNormalisation.Normalise("x\uDC00y"));
}
