namespace Microblog.Tasks.Queue;

/// <summary>A job a worker is running: its token and why that token was cancelled, if it was.</summary>
internal sealed class RunningJob(Job job) : IDisposable
{
    public Job Job { get; } = job;

    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Set before <see cref="Cancellation"/> is cancelled; a cancellation with no reason is the timeout.</summary>
    public StopReason Reason { get; private set; }

    public Task Completion { get; set; } = Task.CompletedTask;

    public void Stop(StopReason reason)
    {
        if (Reason == StopReason.None)
            Reason = reason;
        try
        {
            Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run already ended; there is nothing left to stop.
        }
    }

    public void Dispose() => Cancellation.Dispose();
}

internal enum StopReason
{
    None,
    Requested,
    Shutdown,
}
