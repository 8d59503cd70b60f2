using System.Buffers;

namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>Finds special tokens in text so that they are cut out whole before pre-tokenisation.</summary>
internal sealed class SpecialTokenMatcher
{
    readonly string[] _longestFirst;
    readonly SearchValues<string> _search;

    public SpecialTokenMatcher(IEnumerable<string> tokens)
    {
        _longestFirst = tokens.Distinct(StringComparer.Ordinal)
            .OrderByDescending(t => t.Length).ThenBy(t => t, StringComparer.Ordinal).ToArray();
        _search = SearchValues.Create(_longestFirst, StringComparison.Ordinal);
    }

    /// <summary>
    /// Index of the first special token in <paramref name="text"/>, or -1. Where several start at that index
    /// (e.g. "&lt;a&gt;" and "&lt;a&gt;b"), the longest wins.
    /// </summary>
    public int Find(ReadOnlySpan<char> text, out string token)
    {
        token = "";
        if (_longestFirst.Length == 0) return -1;
        var index = text.IndexOfAny(_search);
        if (index < 0) return -1;
        var rest = text[index..];
        foreach (var candidate in _longestFirst)
        {
            if (rest.StartsWith(candidate, StringComparison.Ordinal))
            {
                token = candidate;
                break;
            }
        }
        return index;
    }
}
