using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Microblog.Tasks.Jobs;

/// <summary>
/// The export's temporary files: named per run (process id and a fresh GUID), never after the job id, so a retry or
/// a second run of the same job starts clean; what a killed process left behind is removed by the worker sweep.
/// </summary>
internal static class ExportFiles
{
    private const string Prefix = "microblog-export-";

    public static string NewPath() =>
        Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}.json");

    /// <summary>Deletes the files of processes that no longer run.</summary>
    public static void RemoveLeftovers(ILogger log)
    {
        foreach (var path in Directory.EnumerateFiles(Path.GetTempPath(), Prefix + "*"))
        {
            var name = Path.GetFileName(path)[Prefix.Length..];
            var dash = name.IndexOf('-');
            if (dash <= 0 || !int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsAlive(pid))
                continue;
            try
            {
                File.Delete(path);
                log.LogInformation("Removed {Path}, left behind by process {Pid}", path, pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another account's file in a shared /tmp: not ours to remove, and no reason to alarm anyone.
                log.LogDebug(e, "Could not remove {Path}", path);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
