using CoScientist.Core;
using CoScientist.Core.Tests.Fakes;
using CoScientist.Core.Literature;
using CoScientist.Core.Llm;
using CoScientist.Core.Pipeline;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using CoScientist.Testing.Llm;
using Microsoft.Extensions.Time.Testing;

namespace CoScientist.Core.Tests;

public sealed class EngineServiceCollectionExtensionsTests
{
    private static ServiceCollection HostServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ITableStore>(new EmbeddedTableStore());
        services.AddSingleton<IQueueStore>(new EmbeddedQueueStore(TimeProvider.System));
        services.AddSingleton<IAgentModelProvider>(new FakeModelProvider(new ScriptedChatClient()));
        services.AddSingleton<CoScientist.Core.Orchestration.IRunOrchestrations>(new RecordingRunOrchestrations());
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        return services;
    }

    [Fact]
    public void AddCoScientistEngine_HostRegistrationsMade_EveryEngineServiceResolves()
    {
        using var provider = HostServices().AddCoScientistEngine().BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.NotNull(provider.GetRequiredService<QueueMessageRouter>());
        Assert.NotNull(provider.GetRequiredService<Core.Runs.RunService>());
    }

    [Fact]
    public void AddCoScientistEngine_HostRegisteredLiteratureAndClock_AreKept()
    {
        var literature = new FakeLiterature();
        var clock = new FakeTimeProvider();
        var services = HostServices();
        services.AddSingleton<ILiteratureSource>(literature);
        services.AddSingleton<TimeProvider>(clock);

        using var provider = services.AddCoScientistEngine().BuildServiceProvider();

        Assert.Same(literature, provider.GetRequiredService<ILiteratureSource>());
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddCoScientistEngine_NothingRegistered_NoLiteratureAndTheSystemClock()
    {
        using var provider = HostServices().AddCoScientistEngine().BuildServiceProvider();

        Assert.IsType<NoLiterature>(provider.GetRequiredService<ILiteratureSource>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddCoScientistEngine_Literature_DefaultsToTheRegisteredSource_AndAHostFactoryWins()
    {
        var literature = new FakeLiterature();
        var services = HostServices();
        services.AddSingleton<ILiteratureSource>(literature);
        using (var provider = services.AddCoScientistEngine().BuildServiceProvider())
        {
            var factory = provider.GetRequiredService<ILiteratureSourceFactory>();
            Assert.Same(literature, factory.Create());
            Assert.Equal(["FakeLiterature"], factory.Sources);
            Assert.NotNull(provider.GetRequiredService<LiteratureScan>());
        }

        var hosted = new SingleLiteratureSourceFactory(new FakeLiterature());
        using var withFactory = HostServices().AddSingleton<ILiteratureSourceFactory>(hosted).AddCoScientistEngine().BuildServiceProvider();
        Assert.Same(hosted, withFactory.GetRequiredService<ILiteratureSourceFactory>());
        Assert.Empty(new SingleLiteratureSourceFactory(NoLiterature.Instance).Sources);
    }
}
