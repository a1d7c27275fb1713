using Microblog.Data;

namespace Microblog.Tasks.Jobs;

/// <summary>A task the layout shows as a live alert, with its progress in percent.</summary>
public sealed record TaskInProgress(BackgroundTask Task, int Progress);
