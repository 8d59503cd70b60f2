namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>A tokenizer file that cannot be read: the message names the file and, where known, the line.</summary>
public sealed class TokenizerFormatException : FormatException
{
    public TokenizerFormatException(string filePath, long? line, string problem, Exception? inner = null)
        : base(line is null ? $"{filePath}: {problem}" : $"{filePath}, line {line}: {problem}", inner)
    {
        FilePath = filePath;
        Line = line;
        Problem = problem;
    }

    /// <summary>The same error naming the file as the user knows it (e.g. the archive entry it was extracted from).</summary>
    public TokenizerFormatException At(string filePath) => new(filePath, Line, Problem, this);

    public string FilePath { get; }

    /// <summary>1-based line number, or null when the problem is not tied to one line.</summary>
    public long? Line { get; }

    /// <summary>What is wrong, without the file and line.</summary>
    public string Problem { get; }
}
