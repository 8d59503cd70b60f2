using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

/// <summary>
/// The trainer's files checked by someone else's reader: a vocabulary trained here on real stories, saved as
/// vocab.json + merges.txt, loads into Microsoft.ML.Tokenizers' own <see cref="BpeTokenizer"/> and encodes held-out
/// stories to the same ids.
/// </summary>
public class TrainedFilesInLibraryTests
{
    /// <summary>GPT-2's pre-tokenisation as Microsoft.ML.Tokenizers writes it for its GPT-2 tokenizer.</summary>
    const string Gpt2Pattern = @"'(?:[sdmt]|ll|ve|re)| ?(?>\p{L}+)| ?(?>\p{N}+)| ?(?>[^\s\p{L}\p{N}]+)|(?>\s+)$|\s+(?!\S)|\s";

    [Fact]
    public void LibrarysBpeTokenizerReadsOurFilesAndGivesOurIdsOnHeldOutStories()
    {
        var ours = ByteLevelBpeTokenizer.Train(TestData.CleanStories(skip: 0, count: 2000), 1500, ["<unk>", "<cluster_0>", "<cluster_3>"]);
        using var folder = new TemporaryFolder();
        ours.Save(folder);
        var library = LoadIntoLibrary(folder);

        var heldOut = TestData.CleanStories(skip: 4000, count: 1000)
            .Concat(RealStories.EndOfTextSeparatedTexts(Path.Combine(RealStories.Folder, "TinyStories-valid_prefix_1840.txt")))
            .Append("<cluster_3> Once upon a time, <unk> had a dog.<cluster_0> The end.<|endoftext|>")
            .ToList();
        Assert.True(heldOut.Count > 1500);
        for (var i = 0; i < heldOut.Count; i++)
        {
            var expected = library.EncodeToIds(heldOut[i]);
            var actual = ours.Encode(heldOut[i]);
            if (!expected.SequenceEqual(actual))
            {
                var at = Enumerable.Range(0, Math.Min(expected.Count, actual.Length)).FirstOrDefault(k => expected[k] != actual[k], Math.Min(expected.Count, actual.Length));
                Assert.Fail($"held-out story {i}: ids differ from position {at}: library [{string.Join(' ', expected.Skip(at).Take(8))}], ours [{string.Join(' ', actual.Skip(at).Take(8))}].");
            }
            Assert.Equal(heldOut[i], library.Decode(actual));
        }
    }

    /// <summary>Byte-level BPE from the saved files, splitting out the special tokens that special_tokens.json lists.</summary>
    static BpeTokenizer LoadIntoLibrary(string folder)
    {
        using var specialsJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "special_tokens.json")));
        var specials = specialsJson.RootElement.GetProperty("special_tokens").EnumerateArray()
            .ToDictionary(t => t.GetProperty("content").GetString()!, t => t.GetProperty("id").GetInt32());
        Assert.Equal(4, specials.Count);

        return BpeTokenizer.Create(new BpeOptions(Path.Combine(folder, "vocab.json"), Path.Combine(folder, "merges.txt"))
        {
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(new Regex(Gpt2Pattern, RegexOptions.Compiled), specials),
            SpecialTokens = specials,
        });
    }
}
