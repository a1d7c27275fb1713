namespace Microblog.Tasks.Queue;

/// <summary>Redis could not be reached, or did not answer, within <see cref="JobQueueOptions.ConnectTimeout"/>.</summary>
public sealed class JobQueueUnavailableException(string message, Exception inner) : Exception(message, inner);
