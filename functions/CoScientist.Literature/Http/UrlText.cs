using CoScientist.Core.Literature;

namespace CoScientist.Literature.Http;

/// <summary>URLs as they may appear in messages: never with user information or a query, which carry credentials and keys.</summary>
public static class UrlText
{
    /// <summary>
    /// <c>scheme://host[:port]/path</c> of <paramref name="url"/>, without user name, password, query or fragment;
    /// for text that is not a URL, the text with anything between <c>://</c> and <c>@</c> masked and the query cut.
    /// </summary>
    public static string WithoutSecrets(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "";
        }

        // The query and fragment go first, as text: not every scheme (ftp, say) has a query to the URI parser.
        var text = url.Trim();
        var cut = text.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            text = text[..cut];
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
        {
            return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        }

        var start = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.LastIndexOf('@');
        return start >= 0 && at > start ? text[..(start + 3)] + "***" + text[at..] : text;
    }
}
