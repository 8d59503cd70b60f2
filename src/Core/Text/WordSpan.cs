namespace Microsoft.ML.SemanticContext.Text;

/// <summary>
/// A word that <see cref="WordScanner"/> found: <c>text.Substring(Start, Length)</c> in UTF-16 code units, holding
/// <see cref="Characters"/> Unicode characters (one for "𝐀", which takes two code units).
/// </summary>
public readonly record struct WordSpan(int Start, int Length, int Characters)
{
    public int End => Start + Length;
}
