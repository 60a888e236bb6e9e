using CoScientist.Cli.Display;
using Microsoft.Extensions.Logging;

namespace CoScientist.Cli.Hosting;

/// <summary>Writes log lines to a text writer (standard error), one line each; keeps standard output clean for results and JSON.</summary>
internal sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            writer.WriteLine(line);
        }
    }

    private sealed class LineLogger(TextWriterLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            // Messages carry text from outside (file names, API errors): made safe for the terminal.
            var line = $"{logLevel.ToString().ToLowerInvariant()}: {category}: {TerminalText.Safe(formatter(state, exception))}";
            if (exception is not null)
            {
                // The message template rarely names the exception: without this the cause is lost.
                line += " | " + Describe(exception);
            }

            owner.Write(line);
        }

        /// <summary>Type and message of the exception and of its inner ones, and the frame that threw, all on the same line.</summary>
        private static string Describe(Exception exception)
        {
            var parts = new List<string>();
            for (var e = exception; e is not null && parts.Count < 5; e = e.InnerException)
            {
                parts.Add($"{e.GetType().FullName}: {TerminalText.Safe(e.Message)}");
            }

            var text = string.Join(" ---> ", parts);
            var frame = exception.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return frame is null ? text : $"{text} ({frame})";
        }
    }
}
