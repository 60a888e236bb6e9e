using System.ComponentModel;
using System.Globalization;
using CoScientist.Core.Llm;

namespace CoScientist.Llm;

/// <summary>Maps <see cref="LlmProvider"/> to and from the one vocabulary of <see cref="ModelProviderNames"/>.</summary>
public static class LlmProviderNames
{
    public static string CanonicalName(this LlmProvider provider) => provider switch
    {
        LlmProvider.AzureOpenAI => ModelProviderNames.AzureOpenAI,
        LlmProvider.OpenAI => ModelProviderNames.OpenAI,
        _ => ModelProviderNames.Simulated,
    };

    /// <summary>The provider a name or alias (or the enum's own name) stands for; null when none.</summary>
    public static LlmProvider? Parse(string? name) => ModelProviderNames.Normalize(name) switch
    {
        ModelProviderNames.Simulated => LlmProvider.Simulated,
        ModelProviderNames.AzureOpenAI => LlmProvider.AzureOpenAI,
        ModelProviderNames.OpenAI => LlmProvider.OpenAI,
        _ => null,
    };
}

/// <summary>
/// Lets the configuration binder read <c>Llm:Provider</c> in the same vocabulary as <c>--model</c>
/// (<c>azure-openai</c> as well as <c>AzureOpenAI</c>), and name the key when the value is none of them.
/// </summary>
public sealed class LlmProviderConverter : EnumConverter
{
    public LlmProviderConverter()
        : base(typeof(LlmProvider))
    {
    }

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? LlmProviderNames.Parse(text) ?? throw new FormatException(ModelProviderNames.Unknown(text))
            : base.ConvertFrom(context, culture, value);
}
