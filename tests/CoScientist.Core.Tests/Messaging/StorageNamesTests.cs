using System.Text.RegularExpressions;
using CoScientist.Core.Messaging;
using CoScientist.Testing;

namespace CoScientist.Core.Tests.Messaging;

/// <summary>
/// The storage names against what the deployment creates (infra/bicep/main.bicep: its lists of the app's
/// containers, queues and tables, handed to the storage and roles modules) and against Azure's naming rules.
/// </summary>
public sealed partial class StorageNamesTests
{
    private static readonly Lazy<string> MainBicep = new(() => RepositoryFiles.ReadText("infra", "bicep", "main.bicep"));

    [Fact]
    public void MainBicep_AppContainers_AreExactlyTheContainersOfStorageNames() =>
        Assert.Equal(Sorted(StorageNames.AllContainers), Sorted(BicepList("appContainerNames")));

    [Fact]
    public void MainBicep_AppQueues_AreExactlyTheQueuesOfStorageNames() =>
        Assert.Equal(Sorted(StorageNames.AllQueues), Sorted(BicepList("appQueueNames")));

    [Fact]
    public void MainBicep_AppTables_AreExactlyTheTablesOfStorageNames() =>
        Assert.Equal(Sorted(StorageNames.AllTables), Sorted(BicepList("appTableNames")));

    [Fact]
    public void MainBicep_EveryQueue_HasItsPoisonQueueWithTheHostsSuffix() =>
        Assert.Contains(
            $"var allQueueNames = concat(appQueueNames, map(appQueueNames, q => '${{q}}{StorageNames.PoisonSuffix}'))",
            MainBicep.Value,
            StringComparison.Ordinal);

    [Theory]
    [InlineData("storage", "containerNames: concat([deploymentContainerName], appContainerNames)")]
    [InlineData("storage", "queueNames: allQueueNames")]
    [InlineData("storage", "tableNames: appTableNames")]
    [InlineData("roles", "containerNames: appContainerNames")]
    [InlineData("roles", "queueNames: allQueueNames")]
    [InlineData("roles", "tableNames: appTableNames")]
    public void MainBicep_Module_IsGivenTheAppsLists(string module, string parameter) =>
        Assert.Contains(parameter, ModuleBlock(module), StringComparison.Ordinal);

    [Fact]
    public void Names_EachKind_Distinct()
    {
        Assert.Equal(StorageNames.AllQueues.Count, StorageNames.AllQueues.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(StorageNames.AllTables.Count, StorageNames.AllTables.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(StorageNames.AllContainers.Count, StorageNames.AllContainers.Distinct(StringComparer.Ordinal).Count());
        // One queue per agent step and no other: the supervisor's loop is an orchestration with its own task hub.
        Assert.Equal(StorageNames.StepQueues, StorageNames.AllQueues);
    }

    [Fact]
    public void Names_QueuesWithTheirPoisonQueuesAndContainers_FollowAzureNamingRules()
    {
        // Queues and containers: 3 to 63 lowercase letters, digits and single hyphens, starting and ending alphanumeric.
        var names = StorageNames.AllQueues.SelectMany(q => new[] { q, q + StorageNames.PoisonSuffix }).Concat(StorageNames.AllContainers);

        Assert.All(names, name => Assert.Matches(QueueOrContainerName(), name));
    }

    [Fact]
    public void Names_Tables_FollowAzureNamingRules() =>
        Assert.All(StorageNames.AllTables, name => Assert.Matches(TableName(), name));

    private static List<string> Sorted(IEnumerable<string> names) => [.. names.Order(StringComparer.Ordinal)];

    /// <summary>The items of <c>var name = [ ... ]</c>: quoted names, or variables holding one.</summary>
    private static List<string> BicepList(string name)
    {
        var list = Regex.Match(MainBicep.Value, $@"^var {name} = \[\n(?<items>.*?)^\]", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(list.Success, $"main.bicep has no list {name}");
        var items = new List<string>();
        foreach (var raw in list.Groups["items"].Value.Split('\n'))
        {
            var item = raw.Split("//")[0].Trim();
            if (item.Length == 0)
            {
                continue;
            }

            if (item.StartsWith('\'') && item.EndsWith('\'') && !item.Contains("${", StringComparison.Ordinal))
            {
                items.Add(item[1..^1]);
                continue;
            }

            var variable = Regex.Match(MainBicep.Value, $@"^var {Regex.Escape(item)} = '(?<value>[^'$]*)'$", RegexOptions.Multiline);
            Assert.True(variable.Success, $"{name} holds '{item}', which is neither a quoted name nor a variable holding one");
            items.Add(variable.Groups["value"].Value);
        }

        return items;
    }

    private static string ModuleBlock(string module)
    {
        var block = Regex.Match(MainBicep.Value, $@"^module {module} '[^']+' = \{{\n(?<body>.*?)^\}}", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(block.Success, $"main.bicep has no module {module}");
        return block.Groups["body"].Value;
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$")]
    private static partial Regex QueueOrContainerName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
