using CoScientist.Api.Endpoints;
using CoScientist.Api.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CoScientist.Functions.Functions.Http;

/// <summary>
/// The runs endpoints of the HTTP API: each function hands the request to <see cref="RunsApi"/>. Those that
/// start, signal or read a run's orchestration have a Durable client (<c>durable</c>, used through
/// <see cref="Hosting.FunctionsRunOrchestrations"/>).
/// </summary>
public sealed class RunsFunctions(RunsApi runs)
{
    [Function("CreateRun")]
    public async Task<IActionResult> CreateRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Runs)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        (await runs.CreateRunAsync(request, cancellationToken)).ToActionResult();

    [Function("ListRuns")]
    public async Task<IActionResult> ListRuns(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Runs)] HttpRequest request,
        CancellationToken cancellationToken) =>
        (await runs.ListRunsAsync(request, request.Query["top"], request.Query["continuation"], cancellationToken)).ToActionResult();

    [Function("GetRun")]
    public async Task<IActionResult> GetRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Run)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        (await runs.GetRunAsync(request, runId, cancellationToken)).ToActionResult();

    [Function("PauseRun")]
    public async Task<IActionResult> PauseRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Pause)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        (await runs.PauseRunAsync(request, runId, cancellationToken)).ToActionResult();

    [Function("ResumeRun")]
    public async Task<IActionResult> ResumeRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Resume)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        (await runs.ResumeRunAsync(request, runId, cancellationToken)).ToActionResult();

    [Function("StopRun")]
    public async Task<IActionResult> StopRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Stop)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        (await runs.StopRunAsync(request, runId, cancellationToken)).ToActionResult();

    [Function("AddFeedback")]
    public async Task<IActionResult> AddFeedback(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.FromSiteRoot + ApiRoutes.Feedback)] HttpRequest request,
        string runId,
        CancellationToken cancellationToken) =>
        (await runs.AddFeedbackAsync(request, runId, cancellationToken)).ToActionResult();
}
