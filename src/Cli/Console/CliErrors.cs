using System.Text.Json;
using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Cli;

/// <summary>A command-line argument is invalid; the message says which and why.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Turns the errors users cause (bad input, bad arguments) into one clear line and an exit code.</summary>
public static class CliErrors
{
    public const int BadInput = 1;
    public const int BadUsage = 2;

    public static async Task<int> RunAsync(Func<Task<int>> action)
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
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled.");
            return 130;
        }
    }

    static bool IsUserError(Exception e) => e is CorpusFormatException or SchemaException or InvalidDataException
        or FileNotFoundException or DirectoryNotFoundException or ArgumentException or JsonException
        or InvalidOperationException or IOException or UnauthorizedAccessException;
}
