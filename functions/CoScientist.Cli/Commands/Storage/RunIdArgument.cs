using System.CommandLine;

namespace CoScientist.Cli.Commands.Storage;

/// <summary>The RUNID argument of the commands that act on an existing run.</summary>
internal static class RunIdArgument
{
    public static Argument<string> Create() => new("run-id") { Description = "The run's id, as `cosci start` printed it." };

    public static string Read(ParseResult parse, Argument<string> argument)
    {
        var id = parse.GetValue(argument)?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            throw new UsageException("a run id is required.");
        }

        if (id.Length > 128 || id.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            throw new UsageException($"'{id}' is not a run id.");
        }

        return id;
    }
}
