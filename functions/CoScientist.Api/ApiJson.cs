using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CoScientist.Api;

/// <summary>
/// The API's JSON conventions, applied by the API itself rather than taken from the host, so that
/// <c>cosci serve</c> and the Functions app answer byte for byte alike.
/// </summary>
public static class ApiJson
{
    /// <summary>Responses: camelCase, enums as camelCase strings, nulls written (a field is always present).</summary>
    public static readonly JsonSerializerOptions Response = CreateResponse();

    /// <summary>
    /// Requests: exact camelCase names (an unknown or mis-cased field is reported, never ignored), numbers
    /// only as JSON numbers, no comments or trailing commas.
    /// </summary>
    public static readonly JsonSerializerOptions Request = CreateRequest();

    /// <summary>Applies the response conventions to other options (the host's, read by the OpenAPI generator).</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        }
    }

    private static JsonSerializerOptions CreateResponse()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        Apply(options);
        options.MakeReadOnly();
        return options;
    }

    private static JsonSerializerOptions CreateRequest()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            AllowDuplicateProperties = false,
            MaxDepth = 16,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }
}
