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

    [Theory]
    [InlineData("LocalHost:ShutdownGrace", "00:01:00", "LocalHost:ShutdownGrace must be between 0 and 25 seconds")]
    [InlineData("LocalHost:ShutdownGrace", "-00:00:01", "LocalHost:ShutdownGrace must be between 0 and 25 seconds")]
    [InlineData("Orchestration:WorkItemVisibilityTimeout", "00:00:30", "Orchestration:WorkItemVisibilityTimeout must be over 40 seconds")]
    [InlineData("Orchestration:PartitionCount", "17", "Orchestration:PartitionCount must be between 1 and 16")]
    [InlineData("LiteratureScan:TopProposals", "41", "LiteratureScan:TopProposals must be at most 40 (got 41)")]
    public async Task Worker_SettingOutOfRange_ExitsTwoSayingWhatIsAllowed(string key, string value, string message)
    {
        var (exit, stdout, stderr) = await CliRunner.InvokeAsync(new Dictionary<string, string?> { [key] = value }, ["worker", "--storage", "UseDevelopmentStorage=true"]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }
}
