using System.Diagnostics;

namespace CoScientist.Durability.Tests.Infrastructure;

/// <summary>POSIX signals to other processes, sent with kill(1): SIGKILL a worker mid-step, SIGSTOP and SIGCONT the storage.</summary>
internal static class Signals
{
    public const string Kill = "KILL";
    public const string Terminate = "TERM";
    public const string Continue = "CONT";
    public const string Stop = "STOP";

    public static void Send(int processId, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill(1) did not start");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {processId} exited with {kill.ExitCode}.");
        }
    }
}
