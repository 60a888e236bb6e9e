using CoScientist.Api.OpenApi;
using Microsoft.AspNetCore.Http;

namespace CoScientist.Api.Endpoints;

/// <summary><c>GET /api/openapi.json</c>: the OpenAPI 3.1 description of every endpoint.</summary>
public sealed class OpenApiDocumentApi
{
    private readonly Func<CancellationToken, Task<string>> _document = ApiDocument.GetJsonAsync;

    public async Task<IResult> GetDocumentAsync(CancellationToken cancellationToken) =>
        ApiResults.Text(await _document(cancellationToken), "application/json");
}
