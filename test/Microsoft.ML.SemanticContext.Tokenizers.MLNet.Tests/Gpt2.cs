using Microsoft.ML.Tokenizers;

namespace Microsoft.ML.SemanticContext.Tokenizers.MLNet.Tests;

/// <summary>GPT-2 three ways: our engine, the engine as an ML.NET <see cref="Tokenizer"/>, and the library's own tokenizer.</summary>
internal static class Gpt2
{
    static readonly Lazy<ByteLevelBpeTokenizer> SharedEngine = new(Gpt2Data.LoadTokenizer);
    static readonly Lazy<TiktokenTokenizer> SharedLibrary = new(() => TiktokenTokenizer.CreateForModel("gpt2"));

    /// <summary>Shared by tests that never add tokens to it.</summary>
    public static ByteLevelBpeTokenizer Engine => SharedEngine.Value;

    public static ByteLevelBpeMLTokenizer Adapter { get; } = new(SharedEngine.Value);

    /// <summary>The independent reference: Microsoft.ML.Tokenizers' own GPT-2 tokenizer.</summary>
    public static TiktokenTokenizer Library => SharedLibrary.Value;

    /// <summary>Texts where characters take several tokens, tokens span characters, and pieces meet special tokens.</summary>
    public static readonly string[] OddTexts =
    [
        "emoji 😀 😀😀 👍🏽 👨\u200D👩\u200D👧\u200D👦 🇺🇸 ❤️ ⭐",
        "中文字符测试。日本語のテキスト、한국어 텍스트",
        "café naïve e\u0301 Ελληνικά Кириллица العربية ١٢٣ हिन्दी",
        "𝐀𝐁 x𝐀't 𝟏2 \uFEFFBOM a \u0085b \u00A0c",
        "lone \uD800 surrogates \uDC00\uD800 x\uD835",
        "The end.<|endoftext|>Once upon a time  <|endoftext|>  ",
        "line one\r\nline two\r\n\r\n  tabs\t\t end   ",
    ];
}
