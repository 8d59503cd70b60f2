using System.Globalization;
using System.Text.Json;

namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// Writes the Hugging Face files of a byte-level BPE: tokenizer.json (the <c>tokenizers</c> library's serialisation:
/// GPT-2's ByteLevel pre-tokenizer, decoder and post-processor around a BPE model), tokenizer_config.json and
/// special_tokens_map.json. Every special token is listed as an added special token (so it is never split), and has its
/// id in the BPE vocabulary too, so each reader gives it the id it has here.
/// </summary>
internal static class HuggingFaceTokenizerFiles
{
    public const string SpecialTokensMapFile = "special_tokens_map.json";

    /// <param name="endOfText">The bos and eos token.</param>
    /// <param name="unknown">The unk token; null names end of text, as GPT-2's files do (a byte-level BPE never needs one).</param>
    /// <param name="padding">The pad token, or null when there is none.</param>
    public static void Write(string directory, BpeDefinition definition, string endOfText, string? unknown, string? padding, int? modelMaxLength)
    {
        foreach (var (content, id) in definition.SpecialTokens)
            if (definition.Tokens[id] != content)
                throw new NotSupportedException(
                    $"The special token \"{content}\" shares id {id} with the ordinary token \"{definition.Tokens[id]}\"; Hugging Face's files cannot say that.");
        var specials = definition.SpecialTokens.OrderBy(s => s.Id).ToList();
        var named = new HashSet<string>(StringComparer.Ordinal) { endOfText, unknown ?? endOfText };
        if (padding is not null) named.Add(padding);
        var additional = specials.Select(s => s.Content).Where(c => !named.Contains(c)).ToList();

        BpeTokenizerFiles.WriteJson(Path.Combine(directory, BpeTokenizerFiles.HuggingFaceTokenizerFile), json =>
        {
            json.WriteStartObject();
            json.WriteString("version", "1.0");
            json.WriteNull("truncation");
            json.WriteNull("padding");
            json.WriteStartArray("added_tokens");
            foreach (var (content, id) in specials)
            {
                json.WriteStartObject();
                json.WriteNumber("id", id);
                WriteAddedToken(json, content);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNull("normalizer");
            WriteByteLevel(json, "pre_tokenizer", addPrefixSpace: false, trimOffsets: true);
            WriteByteLevel(json, "post_processor", addPrefixSpace: true, trimOffsets: false);
            WriteByteLevel(json, "decoder", addPrefixSpace: true, trimOffsets: true);
            json.WriteStartObject("model");
            json.WriteString("type", "BPE");
            json.WriteNull("dropout");
            json.WriteNull("unk_token");
            json.WriteString("continuing_subword_prefix", "");
            json.WriteString("end_of_word_suffix", "");
            json.WriteBoolean("fuse_unk", false);
            json.WriteBoolean("byte_fallback", false);
            json.WriteStartObject("vocab");
            for (var id = 0; id < definition.Tokens.Count; id++) json.WriteNumber(definition.Tokens[id], id);
            json.WriteEndObject();
            // "left right" strings: every version of the library reads them (newer ones also write pairs).
            json.WriteStartArray("merges");
            foreach (var merge in BpeTokenizerFiles.MergeStrings(definition)) json.WriteStringValue(merge);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        });

        BpeTokenizerFiles.WriteJson(Path.Combine(directory, BpeTokenizerFiles.HuggingFaceTokenizerConfigFile), json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("add_bos_token", false);
            json.WriteBoolean("add_prefix_space", false);
            json.WriteStartObject("added_tokens_decoder");
            foreach (var (content, id) in specials)
            {
                json.WriteStartObject(id.ToString(CultureInfo.InvariantCulture));
                WriteAddedToken(json, content);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            WriteRoles(json);
            // Decoding must give back the text exactly: no clean-up of spaces before punctuation.
            json.WriteBoolean("clean_up_tokenization_spaces", false);
            json.WriteString("errors", "replace");
            if (modelMaxLength is int length) json.WriteNumber("model_max_length", length);
            json.WriteString("tokenizer_class", "GPT2Tokenizer");
            json.WriteEndObject();
        });

        BpeTokenizerFiles.WriteJson(Path.Combine(directory, SpecialTokensMapFile), json =>
        {
            json.WriteStartObject();
            WriteRoles(json);
            json.WriteEndObject();
        });

        void WriteRoles(Utf8JsonWriter json)
        {
            json.WriteStartArray("additional_special_tokens");
            foreach (var content in additional) json.WriteStringValue(content);
            json.WriteEndArray();
            json.WriteString("bos_token", endOfText);
            json.WriteString("eos_token", endOfText);
            if (padding is not null) json.WriteString("pad_token", padding);
            json.WriteString("unk_token", unknown ?? endOfText);
        }
    }

    /// <summary>An added special token: matched as it is, with no stripping of the spaces around it.</summary>
    static void WriteAddedToken(Utf8JsonWriter json, string content)
    {
        json.WriteString("content", content);
        json.WriteBoolean("single_word", false);
        json.WriteBoolean("lstrip", false);
        json.WriteBoolean("rstrip", false);
        json.WriteBoolean("normalized", false);
        json.WriteBoolean("special", true);
    }

    static void WriteByteLevel(Utf8JsonWriter json, string name, bool addPrefixSpace, bool trimOffsets)
    {
        json.WriteStartObject(name);
        json.WriteString("type", "ByteLevel");
        json.WriteBoolean("add_prefix_space", addPrefixSpace);
        json.WriteBoolean("trim_offsets", trimOffsets);
        json.WriteBoolean("use_regex", true);
        json.WriteEndObject();
    }
}
