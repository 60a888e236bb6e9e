using CoScientist.Core.Literature;

namespace CoScientist.Literature.Tests.Fakes;

/// <summary>The recorded API answers copied beside the tests (see each folder's SOURCES.md).</summary>
public static class Fixtures
{
    public static string Path(string relativePath) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath);

    public static string Read(string relativePath) => File.ReadAllText(Path(relativePath));
}
