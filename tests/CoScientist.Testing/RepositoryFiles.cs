namespace CoScientist.Testing;

/// <summary>
/// Files of the repository the tests run from (found above the test's output directory by <c>Serverless.sln</c>):
/// for tests that check the code against the deployment, the samples or recorded fixtures.
/// </summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string?> FoundRoot = new(FindRoot);

    /// <summary>The repository root; throws (failing the test) when the tests run outside the repository.</summary>
    public static string Root => FoundRoot.Value
        ?? throw new InvalidOperationException("The repository root (with Serverless.sln) is not above " + AppContext.BaseDirectory);

    /// <summary>The repository root, or null when the tests run outside the repository.</summary>
    public static string? TryFindRoot() => FoundRoot.Value;

    /// <summary>The path of a file given relative to the root, one segment per argument.</summary>
    public static string PathOf(params string[] relative) => Path.Combine([Root, .. relative]);

    public static string ReadText(params string[] relative) => File.ReadAllText(PathOf(relative));

    private static string? FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
