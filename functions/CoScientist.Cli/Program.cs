using System.Runtime.InteropServices;
using CoScientist.Cli;

using var cancel = new CancellationTokenSource();
var signals = 0;
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Stop(cancel, ref signals, 130);
};

// SIGTERM (a service manager, a container stop) shuts down as cleanly as Ctrl-C.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    Stop(cancel, ref signals, 143);
});
return await CosciApp.InvokeAsync(args, new CliEnvironment(Console.Out, Console.Error), cancel.Token);

// The first signal stops cleanly (a worker lets its steps in flight finish); a second one stops at once,
// as a crash would: unfinished steps' messages come back after their visibility timeout.
// A command that hosts services (serve, worker) has the host's own signal handling too, so a signal can
// arrive here after the command has ended and this source is gone: there is nothing left to stop then.
static void Stop(CancellationTokenSource cancel, ref int signals, int exitCode)
{
    if (Interlocked.Increment(ref signals) > 1)
    {
        Console.Error.WriteLine("stopped at once.");
        Environment.Exit(exitCode);
    }

    try
    {
        cancel.Cancel();
    }
    catch (ObjectDisposedException)
    {
    }
}
