namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

/// <summary>Broken tokenizer files fail with errors that name the file and, where there is one, the line.</summary>
public sealed class BadInputTests : IDisposable
{
    readonly TemporaryFolder _folder = new();

    public BadInputTests() =>
        ByteLevelBpeTokenizer.Train(["the cat sat on the mat, the cat sat."], 300).Save(_folder);

    public void Dispose() => _folder.Dispose();

    string VocabPath => Path.Combine(_folder, "vocab.json");
    string MergesPath => Path.Combine(_folder, "merges.txt");

    [Fact]
    public void MergeLineWithoutTwoTokensNamesFileAndLine()
    {
        var lines = File.ReadAllLines(MergesPath);
        lines[2] = "tÄ"; // line 3: one token only
        File.WriteAllLines(MergesPath, lines);

        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.FromGpt2Files(VocabPath, MergesPath));
        Assert.Equal(MergesPath, error.FilePath);
        Assert.Equal(3, error.Line);
        Assert.Contains($"{MergesPath}, line 3", error.Message);
        Assert.Contains("\"tÄ\"", error.Message);
    }

    [Fact]
    public void MergeOfUnknownTokenNamesFileLineAndToken()
    {
        File.AppendAllText(MergesPath, "Ġc zzzq\n");
        var lineCount = File.ReadAllLines(MergesPath).Length;

        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.FromGpt2Files(VocabPath, MergesPath));
        Assert.Equal(lineCount, error.Line);
        Assert.Contains("\"zzzq\"", error.Message);
        Assert.Contains("vocab.json", error.Message);
    }

    [Fact]
    public void VocabularyThatIsNotJsonNamesTheFile()
    {
        File.WriteAllText(VocabPath, "{\"a\": 0,\n \"b\": oops }");

        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.FromGpt2Files(VocabPath, MergesPath));
        Assert.Equal(VocabPath, error.FilePath);
        Assert.Equal(2, error.Line);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void VocabularyThatIsAJsonArrayIsRejected()
    {
        File.WriteAllText(VocabPath, "[1, 2, 3]");
        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.FromGpt2Files(VocabPath, MergesPath));
        Assert.Contains("expected a JSON object", error.Message);
    }

    [Fact]
    public void VocabularyWithoutAllByteTokensIsRejected()
    {
        File.WriteAllText(VocabPath, """{"a": 0, "b": 1}""");
        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.FromGpt2Files(VocabPath, MergesPath));
        Assert.Contains("\"Ā\" (byte 0x00) is missing", error.Message);
    }

    [Fact]
    public void VocabularyWithAGapInItsIdsIsRejected()
    {
        var text = File.ReadAllText(VocabPath).Replace("\"Ā\": 0,", "");
        File.WriteAllText(VocabPath, text);
        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.FromGpt2Files(VocabPath, MergesPath));
        Assert.Contains("id 0 is missing", error.Message);
    }

    [Fact]
    public void VocabularyTokenOutsideTheByteAlphabetIsRejected()
    {
        File.WriteAllText(VocabPath, File.ReadAllText(VocabPath).Replace("\"Ġ\":", "\" \":")); // a raw space instead of 'Ġ'
        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.FromGpt2Files(VocabPath, MergesPath));
        Assert.Equal(VocabPath, error.FilePath);
        Assert.Contains("\" \" (id 32)", error.Message);
        Assert.Contains("U+0020", error.Message);
    }

    [Fact]
    public void MissingFilesAreNamed()
    {
        var missing = Path.Combine(_folder, "nope.json");
        var error = Assert.Throws<FileNotFoundException>(() => ByteLevelBpeTokenizer.FromGpt2Files(missing, MergesPath));
        Assert.Contains(missing, error.Message);

        using var empty = new TemporaryFolder();
        var noTokenizer = Assert.Throws<FileNotFoundException>(() => ByteLevelBpeTokenizer.Load(empty));
        Assert.Contains("No tokenizer in", noTokenizer.Message);
        Assert.Throws<DirectoryNotFoundException>(() => ByteLevelBpeTokenizer.Load(Path.Combine(empty, "absent")));
    }

    [Fact]
    public void SpecialTokensFileOfAnUnknownVersionIsRejected()
    {
        var path = Path.Combine(_folder, "special_tokens.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"version\": 1", "\"version\": 7"));
        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.Load(_folder));
        Assert.Equal(path, error.FilePath);
        Assert.Contains("version 7", error.Message);
    }

    [Fact]
    public void SpecialTokenWhoseIdBelongsToAnotherTokenIsRejected()
    {
        var path = Path.Combine(_folder, "special_tokens.json");
        File.WriteAllText(path, """{"version": 1, "special_tokens": [{"id": 65, "content": "<unk>"}]}""");
        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.Load(_folder));
        Assert.Contains("\"<unk>\" has id 65", error.Message);
    }

    [Fact]
    public void HuggingFaceTokenizerWithAPrefixSpaceIsRejected()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder, "tokenizer.json");
        File.WriteAllText(path, """{"pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": true}, "model": {"type": "BPE", "vocab": {}, "merges": []}}""");
        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.Load(folder));
        Assert.Equal(path, error.FilePath);
        Assert.Contains("add_prefix_space", error.Message);
    }

    [Fact]
    public void HuggingFaceTokenizerThatIsNotBpeIsRejected()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), """{"model": {"type": "WordPiece", "vocab": {}}}""");
        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.Load(folder));
        Assert.Contains("WordPiece", error.Message);
    }
}
