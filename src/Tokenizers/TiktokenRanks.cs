namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// Reads a tiktoken rank file (GPT-2's <c>gpt2.tiktoken</c> / <c>r50k_base.tiktoken</c>) and rebuilds the
/// vocab.json + merges.txt it stands for. A tiktoken file lists every token's bytes with its rank and no merges;
/// the merge that made a token of rank r is recovered by running BPE on its bytes with only the ranks below r,
/// which leaves exactly two parts. Ranks become ids and the merges are ordered by the rank of what they make.
/// </summary>
internal static class TiktokenRanks
{
    const string CapacityHeader = "Capacity: ";

    /// <summary>
    /// Reads lines of "base64 rank", or of "base64" alone where the rank is the token's position (the packed form
    /// Microsoft.ML.Tokenizers' data packages use, which may start with a "Capacity: N" line).
    /// </summary>
    public static BpeDefinition Read(TextReader reader, string source)
    {
        var tokens = new Dictionary<int, byte[]>();
        long lineNumber = 0;
        var implicitRank = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith(CapacityHeader, StringComparison.Ordinal))) continue;
            var fields = line.Split(' ');
            if (fields.Length > 2)
                throw new TokenizerFormatException(source, lineNumber, $"expected \"base64\" or \"base64 rank\", found \"{line}\".");
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(fields[0]);
            }
            catch (FormatException)
            {
                throw new TokenizerFormatException(source, lineNumber, $"\"{fields[0]}\" is not base64.");
            }
            if (bytes.Length == 0) throw new TokenizerFormatException(source, lineNumber, "a token has no bytes.");
            var rank = implicitRank++;
            if (fields.Length == 2 && (!int.TryParse(fields[1], out rank) || rank < 0))
                throw new TokenizerFormatException(source, lineNumber, $"rank \"{fields[1]}\" is not a non-negative integer.");
            if (!tokens.TryAdd(rank, bytes))
                throw new TokenizerFormatException(source, lineNumber, $"rank {rank} is given twice.");
        }
        return Rebuild(tokens, source);
    }

    static BpeDefinition Rebuild(Dictionary<int, byte[]> tokens, string source)
    {
        var spellings = new List<string>(tokens.Count);
        var rankOf = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        for (var rank = 0; rank < tokens.Count; rank++)
        {
            if (!tokens.TryGetValue(rank, out var bytes))
                throw new TokenizerFormatException(source, null, $"ranks must run from 0 to {tokens.Count - 1} without gaps; rank {rank} is missing.");
            var spelling = ByteLevelAlphabet.Spell(bytes);
            if (!rankOf.TryAdd(spelling, rank))
                throw new TokenizerFormatException(source, null, $"ranks {rankOf[spelling]} and {rank} are the same bytes.");
            spellings.Add(spelling);
        }
        for (var b = 0; b < 256; b++)
        {
            if (!rankOf.ContainsKey(ByteLevelAlphabet.CharOfByte[b].ToString()))
                throw new TokenizerFormatException(source, null, $"the single byte 0x{b:X2} has no rank; a byte-level BPE needs all 256.");
        }

        var merges = new List<(int Left, int Right, int Result)>(tokens.Count - 256);
        for (var rank = 0; rank < tokens.Count; rank++)
        {
            if (spellings[rank].Length < 2) continue;
            var parts = MergeBelow(spellings[rank], rank, rankOf);
            if (parts.Count != 2)
                throw new TokenizerFormatException(source, null,
                    $"rank {rank} (\"{spellings[rank]}\") is not the merge of two tokens of lower rank; BPE with the lower ranks leaves {parts.Count} parts.");
            merges.Add((rankOf[parts[0]], rankOf[parts[1]], rank));
        }
        return new BpeDefinition(spellings, merges, []);
    }

    /// <summary>Tiktoken's BPE on one token's spelling: keep joining the adjacent pair whose join has the lowest rank below <paramref name="maxRank"/>.</summary>
    static List<string> MergeBelow(string spelling, int maxRank, Dictionary<string, int> rankOf)
    {
        var parts = spelling.Select(c => c.ToString()).ToList();
        while (parts.Count > 1)
        {
            var best = -1;
            var bestRank = maxRank;
            for (var i = 0; i + 1 < parts.Count; i++)
            {
                if (rankOf.TryGetValue(parts[i] + parts[i + 1], out var rank) && rank < bestRank)
                {
                    best = i;
                    bestRank = rank;
                }
            }
            if (best < 0) break;
            parts[best] += parts[best + 1];
            parts.RemoveAt(best + 1);
        }
        return parts;
    }
}
