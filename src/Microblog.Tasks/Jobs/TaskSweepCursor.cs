namespace Microblog.Tasks.Jobs;

/// <summary>
/// Where this process's last task sweep stopped. Each sweep reads one batch of open tasks after it, so a backlog of
/// old tasks that are only waiting their turn cannot hide a newer one whose job was lost.
/// </summary>
public sealed class TaskSweepCursor
{
    private volatile Position? after;

    public sealed record Position(DateTime CreatedAt, string Id);

    public Position? After => after;

    /// <summary>The next sweep starts after <paramref name="last"/>, or from the oldest task again when null.</summary>
    public void MoveTo(Position? last) => after = last;
}
