using System.Runtime.InteropServices;
using CoScientist.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Stop(cancel);
};

// SIGTERM (a service manager, a container stop) shuts down as cleanly as Ctrl-C.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    Stop(cancel);
});
return await CosciApp.InvokeAsync(args, new CliEnvironment(Console.Out, Console.Error), cancel.Token);

// A command that hosts services (serve, worker) has the host's own signal handling too, so a signal can
// arrive here after the command has ended and this source is gone: there is nothing left to stop then.
static void Stop(CancellationTokenSource cancel)
{
    try
    {
        cancel.Cancel();
    }
    catch (ObjectDisposedException)
    {
    }
}
