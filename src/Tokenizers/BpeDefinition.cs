namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// Everything a byte-level BPE is made of, already validated: what the files hold and what training produces.
/// </summary>
/// <param name="Tokens">Token strings by id (ids are 0..Count-1 without gaps): the GPT-2 alphabet spelling of an
/// ordinary token's bytes (see <see cref="ByteLevelAlphabet"/>), or the text of a special token.</param>
/// <param name="Merges">Merges by rank as (left id, right id, merged id).</param>
/// <param name="SpecialTokens">Special tokens as (text, id), in the order they were declared.</param>
internal sealed record BpeDefinition(
    IReadOnlyList<string> Tokens,
    IReadOnlyList<(int Left, int Right, int Result)> Merges,
    IReadOnlyList<(string Content, int Id)> SpecialTokens);
