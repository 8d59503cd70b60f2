using System.Text.Json;
using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Cli;

/// <summary>A command-line argument is invalid; the message says which and why.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// Turns the errors users cause (bad input, bad arguments) into one clear line and an exit code. Everything else is a
/// bug and leaves with its stack trace.
/// </summary>
public static class CliErrors
{
    public const int BadInput = 1;
    public const int BadUsage = 2;

    /// <summary>
    /// Runs <paramref name="action"/>; <paramref name="optionNames"/> maps an options property (e.g. "BatchSize") to
    /// the command's option ("--batch") so an <see cref="InvalidOptionException"/> names what the user typed.
    /// </summary>
    public static async Task<int> RunAsync(Func<Task<int>> action, IReadOnlyDictionary<string, string>? optionNames = null)
    {
        try
        {
            return await action();
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return BadUsage;
        }
        catch (InvalidOptionException e)
        {
            Console.Error.WriteLine($"error: {optionNames?.GetValueOrDefault(e.Option) ?? e.Option} {e.Problem}");
            return BadUsage;
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (OperationCanceledException e)
        {
            Console.Error.WriteLine($"cancelled: {e.Message}");
            return CliSignals.ExitCode;
        }
    }

    /// <summary>
    /// The project's own input errors, the format errors of its readers and what the file system reports about the
    /// user's paths; plain ArgumentException, InvalidOperationException and the like are bugs.
    /// </summary>
    static bool IsUserError(Exception e) => e is InvalidInputException or CorpusFormatException or TokenizerFormatException
        or SchemaException or InvalidDataException or JsonException or IOException or UnauthorizedAccessException;
}
