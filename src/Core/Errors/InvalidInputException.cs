namespace Microsoft.ML.SemanticContext;

/// <summary>
/// Input this library cannot work with, as opposed to a bug: a file, an archive, a model, a server's replies or a
/// setting the caller chose. The message names the file (or option) and the problem in one line, so a front end such
/// as the command line can print just the message; every other exception is a bug and keeps its stack trace.
/// </summary>
public class InvalidInputException(string message, Exception? inner = null) : Exception(message, inner);
