namespace Microblog.Tasks.Queue;

/// <summary>The handlers registered with <c>AddJob&lt;T&gt;</c> in this process, by job name.</summary>
internal sealed class JobHandlers(IEnumerable<JobHandler> handlers)
{
    private readonly Dictionary<string, JobHandler> byName = handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);

    /// <summary>A process that registered no handler only enqueues; it cannot judge names or arguments.</summary>
    public bool Any => byName.Count > 0;

    /// <summary>
    /// The handler of <paramref name="name"/>; an RQ client's dotted function path (<c>app.tasks.export_posts</c>)
    /// finds the handler of its last part when no handler has the whole path.
    /// </summary>
    public JobHandler? Find(string name) =>
        byName.GetValueOrDefault(name) ?? (name.LastIndexOf('.') is var dot and >= 0 ? byName.GetValueOrDefault(name[(dot + 1)..]) : null);

    public JobHandler Get(string name) => Find(name)
        ?? throw new ArgumentException($"Unknown job name '{name}': no handler is registered for it (services.AddJob<T>() with public const string Name = \"{name}\").");
}
