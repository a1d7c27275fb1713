using Microsoft.Extensions.Logging;

namespace Microblog.Tasks.Queue;

/// <summary>One line per job to the logger and, with <c>--log-file</c>, appended to that file.</summary>
internal sealed class JobLog(ILogger logger, string? path) : IDisposable
{
    private readonly StreamWriter? file = path is null ? null : new StreamWriter(path, append: true) { AutoFlush = true };
    private readonly Lock writing = new();

    public void Write(Job job, string outcome, TimeSpan duration)
    {
        logger.LogInformation("Job {JobId} {JobName} {Outcome} in {Duration:0.0} ms", job.Id, job.Name, outcome, duration.TotalMilliseconds);
        if (file is null)
            return;
        lock (writing)
            file.WriteLine($"{DateTimeOffset.UtcNow:O} job {job.Id} {job.Name} attempt {job.Attempt} {outcome} in {duration.TotalMilliseconds:0.0} ms");
    }

    public void Dispose()
    {
        lock (writing)
            file?.Dispose();
    }
}
