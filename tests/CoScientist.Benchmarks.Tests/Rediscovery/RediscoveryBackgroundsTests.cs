using CoScientist.Benchmarks.Rediscovery;
using CoScientist.Testing.Benchmarks;

namespace CoScientist.Benchmarks.Tests.Rediscovery;

/// <summary><see cref="RediscoveryBackgroundReader"/> on small workbooks written here.</summary>
public sealed class RediscoveryBackgroundsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"cosci-backgrounds-{Guid.NewGuid():N}.xlsx");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Load_SeveralSheets_TheLongestWithTheQuestionColumnByRowOrder()
    {
        BackgroundsWorkbook.Write(
            _path,
            ("Notes", [["No", "Comment"], ["0", "x"], ["1", "y"], ["2", "z"], ["3", "w"]]),
            ("Annotator", [BackgroundsWorkbook.Header, BackgroundsWorkbook.Row(0, null, "Annotator question?")]),
            ("Overall", [BackgroundsWorkbook.Header, BackgroundsWorkbook.Row(0, "Survey zero.", "Question zero?"), BackgroundsWorkbook.Row(1, null, "Question one?"), BackgroundsWorkbook.Row(2, "  ", " Question two? ")]));

        var backgrounds = RediscoveryBackgroundReader.Load(_path);

        Assert.Equal(Path.GetFileName(_path), backgrounds.File);
        Assert.Equal("Question zero?\n\nSurvey zero.", backgrounds.Goals[0]);
        Assert.Equal("Question one?", backgrounds.Goals[1]);
        Assert.Equal("Question two?", backgrounds.Goals[2]);
        Assert.Equal(3, backgrounds.Goals.Count);
    }

    [Fact]
    public void Load_EmptyNaAndBlankRows_ThoseIdsAbsentTheOthersAligned()
    {
        BackgroundsWorkbook.Write(
            _path,
            ("Overall", [BackgroundsWorkbook.Header, BackgroundsWorkbook.Row(0, null, ""), BackgroundsWorkbook.Row(1, null, "NA"), null, BackgroundsWorkbook.Row(3, null, "Question three?"), BackgroundsWorkbook.Row(4, "Survey.", null)]));

        var backgrounds = RediscoveryBackgroundReader.Load(_path);

        Assert.Equal([3], backgrounds.Goals.Keys);
        Assert.Equal("Question three?", backgrounds.Goals[3]);
    }

    [Fact]
    public void Load_LongSurvey_QuestionAlone()
    {
        var survey = new string('s', RediscoveryBackgrounds.MaxGoalWithSurvey);
        BackgroundsWorkbook.Write(_path, ("Overall", [BackgroundsWorkbook.Header, BackgroundsWorkbook.Row(0, survey, "Question zero?")]));

        Assert.Equal("Question zero?", RediscoveryBackgroundReader.Load(_path).Goals[0]);
    }

    [Fact]
    public void Load_OverlongQuestion_Absent()
    {
        BackgroundsWorkbook.Write(_path, ("Overall", [BackgroundsWorkbook.Header, BackgroundsWorkbook.Row(0, null, new string('q', RediscoveryBackgrounds.MaxGoalWithSurvey + 1))]));

        Assert.Empty(RediscoveryBackgroundReader.Load(_path).Goals);
    }

    [Fact]
    public void Load_NoQuestionColumn_NoGoals()
    {
        BackgroundsWorkbook.Write(_path, ("Overall", [["No", "Title"], ["0", "Paper 0"]]));

        Assert.Empty(RediscoveryBackgroundReader.Load(_path).Goals);
    }

    [Theory]
    [InlineData("not a workbook")]
    [InlineData("PK\u0003\u0004 truncated zip")]
    public void Load_NotAWorkbook_ThrowsNamingTheFile(string content)
    {
        File.WriteAllText(_path, content);

        var error = Assert.Throws<RediscoveryDataException>(() => RediscoveryBackgroundReader.Load(_path));

        Assert.Contains(Path.GetFileName(_path), error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a readable .xlsx workbook", error.Message, StringComparison.Ordinal);
    }
}
