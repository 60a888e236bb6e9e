using CoScientist.Api.Problems;
using CoScientist.Workbench;
using Microsoft.AspNetCore.Http;

namespace CoScientist.Api.Endpoints;

/// <summary>
/// Serves the workbench's embedded files. The page holds no data and no secret: everything it shows
/// it reads from the API with the scientist's key, so it is served without one.
/// </summary>
public sealed class WorkbenchPage
{
    private readonly Func<string?, WorkbenchAsset?> _find = WorkbenchAssets.Find;

    public IResult Get(HttpRequest request, string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_find(path) is not { } asset)
        {
            return ApiProblems.RouteNotFound(request.Path.Value ?? "");
        }

        return new AssetResult(asset, request.Headers.IfNoneMatch.Contains(asset.ETag));
    }

    /// <summary>The file, or 304 when the browser already has this version.</summary>
    public sealed class AssetResult(WorkbenchAsset asset, bool notModified) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        public WorkbenchAsset Asset => asset;

        public int? StatusCode => notModified ? StatusCodes.Status304NotModified : StatusCodes.Status200OK;

        public string ContentType => asset.ContentType;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.Headers.ETag = asset.ETag;
            // Revalidate every time: the files change with the app, and a 304 costs little.
            response.Headers.CacheControl = "no-cache";
            response.Headers.XContentTypeOptions = "nosniff";
            if (notModified)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = asset.ContentType;
            response.Headers["Referrer-Policy"] = "no-referrer";
            await response.Body.WriteAsync(asset.Content, httpContext.RequestAborted);
        }
    }
}
