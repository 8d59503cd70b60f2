using System.Text.Json.Nodes;

namespace Microsoft.ML.SemanticContext.Corpus;

/// <summary>
/// One story read from a corpus file: its text (trimmed; paragraph breaks kept as <c>\n</c>), the 1-based line it
/// starts on, and for JSON inputs the whole record so that writing back keeps the other fields.
/// </summary>
public sealed record CorpusStory(long Index, string Text, long Line, JsonObject? Record = null, string? TextField = null);

/// <summary>A corpus file is malformed; the message names the file and line.</summary>
public sealed class CorpusFormatException(string message) : FormatException(message);
