namespace CoScientist.Cli.Tests;

/// <summary>A bad setting makes every command that composes the co-scientist fail at start, in one line naming the key.</summary>
public sealed class BadSettingTests
{
    public static TheoryData<string, string, string[]> Commands => new()
    {
        { "Supervisor:ParallelWidth", "abc", ["run", "--goal", "Slow fibrosis.", "--max-proposals", "4"] },
        { "Llm:Provider", "nope", ["run", "--goal", "Slow fibrosis.", "--max-proposals", "4"] },
        { "Supervisor:ParallelWidth", "abc", ["worker", "--storage", "UseDevelopmentStorage=true"] },
        { "Llm:Provider", "nope", ["worker", "--storage", "UseDevelopmentStorage=true"] },
        { "LocalHost:MaxDequeueCount", "often", ["worker", "--storage", "UseDevelopmentStorage=true"] },
        { "Supervisor:ParallelWidth", "abc", ["serve", "--urls", "http://127.0.0.1:0"] },
        { "Llm:Provider", "nope", ["serve", "--urls", "http://127.0.0.1:0"] },
        { "Supervisor:ParallelWidth", "abc", ["start", "--goal", "Slow fibrosis.", "--storage", "UseDevelopmentStorage=true"] },
        { "Supervisor:ParallelWidth", "abc", ["estimate", "--goal", "Slow fibrosis.", "--max-proposals", "4"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Command_BadSetting_ExitsTwoWithOneLineNamingTheKey(string key, string value, string[] args)
    {
        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(new Dictionary<string, string?> { [key] = value }, args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains($"'{key}'", line, StringComparison.Ordinal);
    }
}
