using System.Diagnostics;

namespace Microsoft.ML.SemanticContext.Cli;

/// <summary>
/// Renders <see cref="ProgressEvent"/>s on stderr: a redrawn bar with rate and ETA on a terminal, and a line at
/// most every few seconds when redirected (CI logs), so long runs always show where they are.
/// </summary>
public sealed class ConsoleProgress : IProgress<ProgressEvent>
{
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly bool _interactive = !Console.IsErrorRedirected;
    readonly Lock _gate = new();
    string? _stage;
    TimeSpan _stageStart, _lastDraw;

    public void Report(ProgressEvent value)
    {
        lock (_gate)
        {
            var now = _clock.Elapsed;
            bool newStage = value.Stage != _stage;
            if (newStage)
            {
                if (_stage is not null && _interactive) Console.Error.WriteLine();
                _stage = value.Stage;
                _stageStart = now;
            }
            bool done = value.Total is { } t && value.Done >= t;
            var minInterval = _interactive ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(5);
            if (!newStage && !done && now - _lastDraw < minInterval) return;
            _lastDraw = now;
            var line = Format(value, now - _stageStart);
            if (_interactive) Console.Error.Write("\r" + line.PadRight(Math.Max(0, Console.WindowWidth - 1)));
            else Console.Error.WriteLine(line);
            if (done && _interactive) { Console.Error.WriteLine(); _stage = null; }
        }
    }

    static string Format(ProgressEvent e, TimeSpan elapsed)
    {
        var detail = string.IsNullOrEmpty(e.Detail) ? "" : "  " + e.Detail;
        if (e.Total is not { } total || total <= 0)
            return $"[{e.Stage}] {e.Done:N0}  {elapsed.TotalSeconds:F1}s{detail}";
        double fraction = Math.Clamp(e.Done / (double)total, 0, 1);
        const int width = 24;
        int filled = (int)(fraction * width);
        var eta = fraction > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - fraction) / fraction) : TimeSpan.Zero;
        return $"[{e.Stage}] {new string('#', filled)}{new string('-', width - filled)} {fraction,4:P0} {e.Done:N0}/{total:N0}  {elapsed.TotalSeconds:F1}s, ETA {eta:mm\\:ss}{detail}";
    }
}
