using Microblog.Tasks.Queue;

namespace Microblog.Tasks.Jobs;

/// <summary>Per job name, how <see cref="TaskLauncher"/> enqueues it (retry policy, timeout, queue).</summary>
public sealed class TaskLauncherOptions
{
    public Dictionary<string, EnqueueOptions> Jobs { get; } = new(StringComparer.Ordinal);
}
