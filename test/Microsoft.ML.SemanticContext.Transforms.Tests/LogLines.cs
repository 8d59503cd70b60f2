using Microsoft.ML.Runtime;

namespace Microsoft.ML.SemanticContext.Transforms.Tests;

/// <summary>
/// The informational lines a context logs (each stage says there what it fitted and which implementation runs).
/// ML.NET's log also carries trace and warning chatter, so only <see cref="ChannelMessageKind.Info"/> is kept.
/// </summary>
public sealed class LogLines
{
    readonly List<string> _lines = [];

    public LogLines(MLContext ml) => ml.Log += (_, e) =>
    {
        if (e.Kind == ChannelMessageKind.Info) lock (_lines) _lines.Add(e.RawMessage);
    };

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToList(); }
    }
}
