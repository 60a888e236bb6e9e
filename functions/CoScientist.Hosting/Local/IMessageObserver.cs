using CoScientist.Core.Storage;

namespace CoScientist.Hosting.Local;

/// <summary>
/// Watches the local host handle each queue message (benchmarks, diagnostics). The scope it returns
/// is disposed when the message is settled; it runs on the message's own async flow, so an
/// <see cref="AsyncLocal{T}"/> it sets is seen by the step's model calls.
/// </summary>
public interface IMessageObserver
{
    IDisposable? Observe(QueueItem item);
}
