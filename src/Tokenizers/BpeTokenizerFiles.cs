using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// Reads and writes the data files of a byte-level BPE: GPT-2's vocab.json (encoder.json) and merges.txt
/// (vocab.bpe), this library's special_tokens.json, and Hugging Face's added_tokens.json, tokenizer_config.json (its
/// added_tokens_decoder) and tokenizer.json (written by <see cref="HuggingFaceTokenizerFiles"/>). Every problem is
/// reported with the file and, where there is one, the line.
/// </summary>
internal static class BpeTokenizerFiles
{
    public const string VocabularyFile = "vocab.json";
    public const string MergesFile = "merges.txt";
    public const string SpecialTokensFile = "special_tokens.json";
    public const string HuggingFaceAddedTokensFile = "added_tokens.json";
    public const string HuggingFaceTokenizerFile = "tokenizer.json";
    public const string HuggingFaceTokenizerConfigFile = "tokenizer_config.json";
    const int SpecialTokensFormatVersion = 1;

    static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// Reads vocab.json + merges.txt and the special tokens of <paramref name="specialTokenFiles"/> (special_tokens.json,
    /// added_tokens.json, tokenizer_config.json; a token several of them list counts once).
    /// </summary>
    public static BpeDefinition ReadGpt2(string vocabularyPath, string mergesPath, IReadOnlyList<string> specialTokenFiles)
    {
        var vocabulary = ReadVocabulary(vocabularyPath);
        var merges = ReadMerges(mergesPath);
        var specials = specialTokenFiles.SelectMany(path => Path.GetFileName(path) switch
        {
            HuggingFaceAddedTokensFile => ReadAddedTokens(path),
            HuggingFaceTokenizerConfigFile => ReadAddedTokensDecoder(path),
            _ => ReadSpecialTokens(path),
        }).Distinct().ToList();
        var specialsSource = specialTokenFiles.Count == 0 ? vocabularyPath : string.Join(" + ", specialTokenFiles);
        return Assemble(vocabulary, vocabularyPath, merges, mergesPath, mergeLocation: i => (merges[i].Line, ""), specials, specialsSource);
    }

    /// <summary>Reads a Hugging Face tokenizer.json whose model is a BPE.</summary>
    public static BpeDefinition ReadHuggingFace(string path)
    {
        using var document = ParseDocument(path);
        var root = document.RootElement;
        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            throw new TokenizerFormatException(path, null, "has no \"model\" object.");
        if (model.TryGetProperty("type", out var type) && type.GetString() != "BPE")
            throw new TokenizerFormatException(path, null, $"model.type is \"{type}\"; only \"BPE\" is supported.");
        if (root.TryGetProperty("pre_tokenizer", out var preTokenizer) && preTokenizer.ValueKind == JsonValueKind.Object
            && preTokenizer.TryGetProperty("add_prefix_space", out var prefixSpace) && prefixSpace.ValueKind == JsonValueKind.True)
            throw new TokenizerFormatException(path, null, "pre_tokenizer.add_prefix_space is true; only GPT-2's pre-tokenisation without a prefix space is supported.");
        if (!model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
            throw new TokenizerFormatException(path, null, "model.vocab is missing or not an object.");

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocab.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
                throw new TokenizerFormatException(path, null, $"model.vocab[\"{entry.Name}\"] must be a non-negative integer id.");
            if (!vocabulary.TryAdd(entry.Name, id))
                throw new TokenizerFormatException(path, null, $"model.vocab lists \"{entry.Name}\" twice.");
        }

        var merges = new List<(string Left, string Right, long Line)>();
        if (!model.TryGetProperty("merges", out var mergeArray) || mergeArray.ValueKind != JsonValueKind.Array)
            throw new TokenizerFormatException(path, null, "model.merges is missing or not an array.");
        var index = 0;
        foreach (var merge in mergeArray.EnumerateArray())
        {
            // Older files spell a merge "left right", newer ones ["left", "right"].
            string[] parts = merge.ValueKind switch
            {
                JsonValueKind.String => merge.GetString()!.Split(' '),
                JsonValueKind.Array => merge.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString()! : "").ToArray(),
                _ => [],
            };
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new TokenizerFormatException(path, null, $"model.merges[{index}] must be \"left right\" or [\"left\", \"right\"], found {merge.GetRawText()}.");
            merges.Add((parts[0], parts[1], index++));
        }

        var specials = new List<(string Content, int Id)>();
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                if (!token.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String
                    || !token.TryGetProperty("id", out var id) || !id.TryGetInt32(out var idValue) || idValue < 0)
                    throw new TokenizerFormatException(path, null, $"added_tokens entry {token.GetRawText()} needs a string \"content\" and a non-negative integer \"id\".");
                specials.Add((content.GetString()!, idValue));
            }
        }
        return Assemble(vocabulary, path, merges, path, mergeLocation: i => (null, $"model.merges[{i}]: "), specials, path);
    }

    /// <summary>Writes vocab.json, merges.txt and special_tokens.json into <paramref name="directory"/>, each atomically.</summary>
    public static void Write(string directory, BpeDefinition definition)
    {
        WriteGpt2(directory, definition);
        WriteJson(Path.Combine(directory, SpecialTokensFile), json =>
        {
            json.WriteStartObject();
            json.WriteNumber("version", SpecialTokensFormatVersion);
            json.WriteStartArray("special_tokens");
            foreach (var (content, id) in definition.SpecialTokens)
            {
                json.WriteStartObject();
                json.WriteNumber("id", id);
                json.WriteString("content", content);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>GPT-2's two files, vocab.json (every token, special ones by their text) and merges.txt, each atomically.</summary>
    public static void WriteGpt2(string directory, BpeDefinition definition)
    {
        Directory.CreateDirectory(directory);
        WriteJson(Path.Combine(directory, VocabularyFile), json =>
        {
            json.WriteStartObject();
            for (var id = 0; id < definition.Tokens.Count; id++) json.WriteNumber(definition.Tokens[id], id);
            json.WriteEndObject();
        });
        AtomicFile.Write(Path.Combine(directory, MergesFile), stream =>
        {
            using var text = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
            text.WriteLine("#version: 0.2");
            foreach (var merge in MergeStrings(definition)) text.WriteLine(merge);
        });
    }

    /// <summary>Merges by rank as "left right" (byte-level spellings never hold a space).</summary>
    public static IEnumerable<string> MergeStrings(BpeDefinition definition) =>
        definition.Merges.Select(m => $"{definition.Tokens[m.Left]} {definition.Tokens[m.Right]}");

    /// <summary>Writes one JSON file atomically, indented, with non-ASCII text kept as it is.</summary>
    public static void WriteJson(string path, Action<Utf8JsonWriter> write) => AtomicFile.Write(path, stream =>
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        write(json);
    });

    /// <summary>vocab.json / encoder.json: one JSON object mapping each token's alphabet spelling to its id.</summary>
    static Dictionary<string, int> ReadVocabulary(string path)
    {
        var bytes = ReadAllBytesWithoutBom(path);
        var vocabulary = new Dictionary<string, int>(bytes.Length / 12, StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes.Span, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new TokenizerFormatException(path, null, "expected a JSON object mapping token strings to ids.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var token = reader.GetString()!;
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var id) || id < 0)
                    throw new TokenizerFormatException(path, null, $"token \"{token}\" must map to a non-negative integer id.");
                if (!vocabulary.TryAdd(token, id))
                    throw new TokenizerFormatException(path, null, $"token \"{token}\" is listed twice.");
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                throw new TokenizerFormatException(path, null, "expected the JSON object to end after the last token.");
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(path, e.LineNumber + 1, $"not valid JSON: {e.Message}", e);
        }
        return vocabulary;
    }

    /// <summary>merges.txt / vocab.bpe: an optional "#version" first line, then one "left right" pair per line.</summary>
    static List<(string Left, string Right, long Line)> ReadMerges(string path)
    {
        var merges = new List<(string, string, long)>();
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith('#'))) continue;
            var space = line.IndexOf(' ');
            if (space <= 0 || space == line.Length - 1 || line.IndexOf(' ', space + 1) >= 0)
                throw new TokenizerFormatException(path, lineNumber, $"expected two tokens separated by one space, found \"{line}\".");
            merges.Add((line[..space], line[(space + 1)..], lineNumber));
        }
        return merges;
    }

    /// <summary>special_tokens.json as <see cref="Write"/> writes it.</summary>
    static List<(string Content, int Id)> ReadSpecialTokens(string path)
    {
        using var document = ParseDocument(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var versionValue))
            throw new TokenizerFormatException(path, null, "expected an object with a \"version\" number and a \"special_tokens\" array.");
        if (versionValue != SpecialTokensFormatVersion)
            throw new TokenizerFormatException(path, null, $"format version {versionValue} is not supported (this library reads version {SpecialTokensFormatVersion}).");
        if (!root.TryGetProperty("special_tokens", out var tokens) || tokens.ValueKind != JsonValueKind.Array)
            throw new TokenizerFormatException(path, null, "\"special_tokens\" is missing or not an array.");
        var specials = new List<(string, int)>();
        foreach (var token in tokens.EnumerateArray())
        {
            if (token.ValueKind != JsonValueKind.Object
                || !token.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String
                || !token.TryGetProperty("id", out var id) || !id.TryGetInt32(out var idValue) || idValue < 0)
                throw new TokenizerFormatException(path, null, $"special token {token.GetRawText()} needs a string \"content\" and a non-negative integer \"id\".");
            specials.Add((content.GetString()!, idValue));
        }
        return specials;
    }

    /// <summary>Hugging Face added_tokens.json: an object mapping token text to id.</summary>
    static List<(string Content, int Id)> ReadAddedTokens(string path)
    {
        using var document = ParseDocument(path);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new TokenizerFormatException(path, null, "expected a JSON object mapping token text to ids.");
        var specials = new List<(string, int)>();
        foreach (var entry in document.RootElement.EnumerateObject())
        {
            if (!entry.Value.TryGetInt32(out var id) || id < 0)
                throw new TokenizerFormatException(path, null, $"token \"{entry.Name}\" must map to a non-negative integer id.");
            specials.Add((entry.Name, id));
        }
        return specials;
    }

    /// <summary>
    /// The added tokens of a Hugging Face tokenizer_config.json: <c>"added_tokens_decoder": {"id": {"content": ...}}</c>
    /// (none when the key is absent, as in files written before transformers 4.34).
    /// </summary>
    static List<(string Content, int Id)> ReadAddedTokensDecoder(string path)
    {
        using var document = ParseDocument(path);
        var specials = new List<(string, int)>();
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new TokenizerFormatException(path, null, "expected a JSON object.");
        if (!document.RootElement.TryGetProperty("added_tokens_decoder", out var decoder)) return specials;
        if (decoder.ValueKind != JsonValueKind.Object)
            throw new TokenizerFormatException(path, null, "\"added_tokens_decoder\" must be an object mapping ids to tokens.");
        foreach (var entry in decoder.EnumerateObject())
        {
            if (!int.TryParse(entry.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                || entry.Value.ValueKind != JsonValueKind.Object
                || !entry.Value.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                throw new TokenizerFormatException(path, null, $"added_tokens_decoder entry \"{entry.Name}\" needs a non-negative integer id as its key and a string \"content\".");
            specials.Add((content.GetString()!, id));
        }
        return specials;
    }

    /// <summary>
    /// Checks the pieces against each other and turns token strings into ids: ids run 0..N-1 without gaps,
    /// all 256 byte tokens exist, both halves of every merge and the merged token exist, and every special
    /// token either has its own id in the vocabulary or takes the next free id.
    /// </summary>
    static BpeDefinition Assemble(
        Dictionary<string, int> vocabulary, string vocabularyPath,
        List<(string Left, string Right, long Line)> merges, string mergesPath, Func<int, (long? Line, string Where)> mergeLocation,
        List<(string Content, int Id)> specials, string specialsPath)
    {
        var size = vocabulary.Count == 0 ? 0 : vocabulary.Values.Max() + 1;
        var tokens = new string?[size];
        foreach (var (token, id) in vocabulary)
        {
            if (tokens[id] is not null)
                throw new TokenizerFormatException(vocabularyPath, null, $"id {id} is given to both \"{tokens[id]}\" and \"{token}\".");
            tokens[id] = token;
        }

        var tokenList = new List<string>(tokens.Length + specials.Count);
        var specialById = new Dictionary<int, string>();
        foreach (var (content, id) in specials.OrderBy(s => s.Id))
        {
            if (!specialById.TryAdd(id, content))
                throw new TokenizerFormatException(specialsPath, null, $"id {id} is declared for both \"{specialById[id]}\" and \"{content}\".");
        }

        for (var id = 0; id < Math.Max(size, specialById.Count == 0 ? 0 : specialById.Keys.Max() + 1); id++)
        {
            var token = id < size ? tokens[id] : null;
            if (specialById.TryGetValue(id, out var special))
            {
                if (token is not null && token != special && token != ByteLevelAlphabet.Spell(Encoding.UTF8.GetBytes(special)))
                    throw new TokenizerFormatException(specialsPath, null, $"special token \"{special}\" has id {id}, but {Path.GetFileName(vocabularyPath)} gives that id to \"{token}\".");
                tokenList.Add(special);
            }
            else if (token is null)
            {
                throw new TokenizerFormatException(vocabularyPath, null, $"ids must run from 0 to {size - 1} without gaps; id {id} is missing.");
            }
            else
            {
                if (!ByteLevelAlphabet.TryRead(token, out _, out var bad))
                    throw new TokenizerFormatException(vocabularyPath, null, $"token \"{token}\" (id {id}) has the character U+{(int)token[bad]:X4}, which is outside GPT-2's byte alphabet; list it as a special token.");
                tokenList.Add(token);
            }
        }

        for (var b = 0; b < 256; b++)
        {
            var spelling = ByteLevelAlphabet.CharOfByte[b].ToString();
            if (!vocabulary.ContainsKey(spelling))
                throw new TokenizerFormatException(vocabularyPath, null, $"the byte token \"{spelling}\" (byte 0x{b:X2}) is missing; a byte-level BPE needs all 256.");
        }

        var resolved = new List<(int Left, int Right, int Result)>(merges.Count);
        for (var i = 0; i < merges.Count; i++)
        {
            var (left, right, _) = merges[i];
            var (line, where) = mergeLocation(i);
            resolved.Add((
                Lookup(left, "left token"), Lookup(right, "right token"), Lookup(left + right, "merged token")));

            int Lookup(string token, string role) => vocabulary.TryGetValue(token, out var id) ? id
                : throw new TokenizerFormatException(mergesPath, line, $"{where}{role} \"{token}\" of \"{left} {right}\" is not in {Path.GetFileName(vocabularyPath)}.");
        }

        return new BpeDefinition(tokenList, resolved, specials.Select(s => (s.Content, s.Id)).ToList());
    }

    static JsonDocument ParseDocument(string path)
    {
        var bytes = ReadAllBytesWithoutBom(path);
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(path, e.LineNumber + 1, $"not valid JSON: {e.Message}", e);
        }
    }

    static ReadOnlyMemory<byte> ReadAllBytesWithoutBom(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes.AsMemory(3) : bytes;
    }
}
