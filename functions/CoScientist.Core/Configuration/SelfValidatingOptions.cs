using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoScientist.Core.Configuration;

/// <summary>
/// Options validation that reports each problem the options class names itself, so a bad setting
/// is answered with its key and value rather than "options are invalid".
/// </summary>
public static class SelfValidatingOptions
{
    public static OptionsBuilder<T> ValidateEach<T>(this OptionsBuilder<T> builder, Func<T, IEnumerable<string>> problems)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<T>>(new Validator<T>(builder.Name, problems));
        return builder;
    }

    private sealed class Validator<T>(string? name, Func<T, IEnumerable<string>> problems) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? optionsName, T options)
        {
            if (name is not null && name != optionsName)
            {
                return ValidateOptionsResult.Skip;
            }

            var found = problems(options).ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
