using System.Text.Encodings.Web;
using System.Text.Json;

namespace Microsoft.ML.SemanticContext.Evaluators.Reporting;

/// <summary>
/// Writes JSON Lines: one compact object per line, text unescaped beyond what JSON needs (stories stay readable), and
/// non-finite numbers as null. Shared by every report's results.jsonl.
/// </summary>
public sealed class JsonLines(Stream stream)
{
    static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes one object whose properties <paramref name="body"/> writes, then a newline.</summary>
    public void Line(Action<Utf8JsonWriter> body)
    {
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    /// <summary>A number, or null when it is missing or not finite (JSON has no NaN or infinity).</summary>
    public static void Number(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } x && double.IsFinite(x)) w.WriteNumber(name, x);
        else w.WriteNull(name);
    }
}
