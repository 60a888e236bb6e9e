using System.Collections.Frozen;
using System.Security.Cryptography;

namespace CoScientist.Workbench;

/// <summary>One file of the workbench: its bytes, media type and a strong ETag.</summary>
public sealed record WorkbenchAsset(string Path, byte[] Content, string ContentType, string ETag);

/// <summary>
/// The workbench's static files, read once from this assembly's embedded <c>wwwroot</c>. Only these
/// paths are served, so no request can reach a file outside them.
/// </summary>
public static class WorkbenchAssets
{
    /// <summary>The page itself, served for the workbench's root.</summary>
    public const string IndexPath = "index.html";

    private const string Root = "wwwroot/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".md"] = "text/markdown; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
        [""] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, WorkbenchAsset>> Files = new(Load);

    /// <summary>Every path served, relative to the workbench's root (e.g. <c>app.js</c>, <c>vendor/chart.js/chart.umd.min.js</c>).</summary>
    public static IReadOnlyCollection<string> Paths => Files.Value.Keys;

    /// <summary>The file at <paramref name="path"/>; an empty path is the page. Null for anything else.</summary>
    public static WorkbenchAsset? Find(string? path)
    {
        var key = string.IsNullOrEmpty(path) ? IndexPath : path;
        return Files.Value.GetValueOrDefault(key);
    }

    private static FrozenDictionary<string, WorkbenchAsset> Load()
    {
        var assembly = typeof(WorkbenchAssets).Assembly;
        var files = new Dictionary<string, WorkbenchAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Root, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var path = name[Root.Length..].Replace('\\', '/');
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"";
            files[path] = new WorkbenchAsset(path, content, type, etag);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
