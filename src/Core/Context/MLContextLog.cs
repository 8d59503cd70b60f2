using Microsoft.ML.Runtime;

namespace Microsoft.ML.SemanticContext;

/// <summary>Forwarding a context's informational messages (which implementation ran, what was fitted) to a text sink.</summary>
public static class MLContextLog
{
    /// <summary>
    /// Passes the text of every message of kind Info or more serious that the context's components send to
    /// <paramref name="write"/> (ML.NET's <c>ml.Log</c> also carries Trace messages, which are left out).
    /// </summary>
    public static void LogInfoTo(this MLContext context, Action<string> write) =>
        context.Log += (_, e) =>
        {
            if (e.Kind != ChannelMessageKind.Trace) write(e.RawMessage);
        };
}
