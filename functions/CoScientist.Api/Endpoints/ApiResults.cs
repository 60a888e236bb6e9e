using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CoScientist.Api.Endpoints;

/// <summary>Successful answers, written with the API's own JSON options so every host answers alike.</summary>
public static class ApiResults
{
    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK, string? location = null) =>
        new JsonResult<T>(value, status, location);

    public static IResult Text(string text, string mediaType, int status = StatusCodes.Status200OK) =>
        new TextResult(text, mediaType, status);

    /// <summary>A JSON body with an optional Location header.</summary>
    public sealed class JsonResult<T>(T value, int status, string? location) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IContentTypeHttpResult
    {
        public T Value => value;

        object? IValueHttpResult.Value => value;

        public int? StatusCode => status;

        public string Location => location ?? "";

        public string ContentType => "application/json; charset=utf-8";

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = ContentType;
            if (location is not null)
            {
                httpContext.Response.Headers.Location = location;
            }

            await JsonSerializer.SerializeAsync(httpContext.Response.Body, value, ApiJson.Response, httpContext.RequestAborted);
        }
    }

    /// <summary>A text body (Markdown or HTML) in UTF-8.</summary>
    public sealed class TextResult(string text, string mediaType, int status) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        public string Text => text;

        public int? StatusCode => status;

        public string ContentType => mediaType + "; charset=utf-8";

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = ContentType;
            // Representation varies by Accept: caches must keep the Markdown and HTML apart.
            httpContext.Response.Headers.Vary = "Accept";

            // The text holds goals and model output: never sniffed into HTML, and as HTML never able to run script.
            httpContext.Response.Headers.XContentTypeOptions = "nosniff";
            if (mediaType == "text/html")
            {
                httpContext.Response.Headers.ContentSecurityPolicy = Rendering.OverviewHtml.ContentSecurityPolicy;
                httpContext.Response.Headers["Referrer-Policy"] = "no-referrer";
            }

            await httpContext.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), httpContext.RequestAborted);
        }
    }
}
