namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>
/// The sweep's log, <c>DIR/sweep.log</c>: every process working on the sweep appends its lines (each one write, tagged
/// with host and process), and passes them to the caller's log too. The annotation cache's "fitted"/"reused" lines
/// here are how fits are counted.
/// </summary>
public sealed class SweepLog(string sweepFolder, Action<string> inner)
{
    public const string FileName = "sweep.log";

    static readonly object Gate = new();
    readonly string _tag = $"{Environment.MachineName}:{Environment.ProcessId}";

    public static string PathIn(string sweepFolder) => Path.Combine(sweepFolder, FileName);

    public void Write(string message)
    {
        inner(message);
        var line = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss}Z {_tag} {message}{Environment.NewLine}";
        lock (Gate)
        {
            // One append per line (O_APPEND): lines of processes writing at once do not interleave.
            using var file = new FileStream(PathIn(sweepFolder), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(System.Text.Encoding.UTF8.GetBytes(line));
        }
    }

    /// <summary>Lines of the log that contain <paramref name="text"/> (e.g. "annotation: fitted").</summary>
    public static int Count(string sweepFolder, string text) =>
        File.Exists(PathIn(sweepFolder)) ? File.ReadLines(PathIn(sweepFolder)).Count(l => l.Contains(text, StringComparison.Ordinal)) : 0;
}
