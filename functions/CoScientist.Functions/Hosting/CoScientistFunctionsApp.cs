using CoScientist.Core.Orchestration;
using CoScientist.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoScientist.Functions.Hosting;

/// <summary>
/// Composes the Functions app through the one composition root (<see cref="CoScientistHostingExtensions.AddCoScientist"/>):
/// Azure Storage from the <c>Storage</c> settings (identity-based service URIs in Azure, a connection string
/// with Azurite), the model from <c>Llm</c>, the engine, the HTTP API handlers and their failure answers
/// (<see cref="ApiFailureMiddleware"/>), uploads, literature and OpenTelemetry; each run's loop is a Durable
/// Functions orchestration, reached through the function's <c>[DurableClient]</c>. <c>Program.cs</c> runs
/// what this builds; the tests build the same host.
/// </summary>
public static class CoScientistFunctionsApp
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<DurableClientMiddleware>();
        builder.UseMiddleware<ApiFailureMiddleware>();
        builder.Services.AddSingleton<IRunOrchestrations, FunctionsRunOrchestrations>();
        builder.AddCoScientist(CoScientistHost.Functions);
        builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
        return builder;
    }
}
