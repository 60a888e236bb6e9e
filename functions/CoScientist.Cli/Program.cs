using System.Runtime.InteropServices;
using CoScientist.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// SIGTERM (a service manager, a container stop) shuts down as cleanly as Ctrl-C.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});
return await CosciApp.InvokeAsync(args, new CliEnvironment(Console.Out, Console.Error), cancel.Token);
