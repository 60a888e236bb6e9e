using CoScientist.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await CosciApp.InvokeAsync(args, new CliEnvironment(Console.Out, Console.Error), cancel.Token);
