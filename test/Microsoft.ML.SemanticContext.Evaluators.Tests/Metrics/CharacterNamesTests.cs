using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Transforms.Masking;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Metrics;

/// <summary>The "names carried over" proxy, and that it finds names exactly as the mask stage does.</summary>
public class CharacterNamesTests
{
    [Fact]
    public void NamesComeFromNamedCalledAndMidSentenceCapitals()
    {
        const string text = "Once upon a time, there was a girl named Lily. She had a dog called Max. One day Lily and Tom went out. Mom smiled.";
        Assert.Equal(new HashSet<string> { "Lily", "Max", "Tom" }, new CharacterNames([text]).Find(text));
    }

    [Fact]
    public void ANameListAlsoCatchesNamesThatOpenASentence()
    {
        const string prompt = "Sue had a kite. The kite was blue.";
        Assert.Empty(new CharacterNames([prompt]).Find(prompt));
        Assert.Equal(["Sue"], new CharacterNames([prompt], ["sue", "tom"]).Find(prompt));
    }

    [Fact]
    public void ACapitalisedWordTheTextsAlsoWriteLowerCaseIsNoName()
    {
        // "Bear" is capitalised mid-sentence, but the texts write "bear" more often: a word, not a name.
        string[] texts = ["Ben and Bear played.", "The bear was big. A bear is brown, said Ben."];
        Assert.Equal(["Ben"], new CharacterNames(texts).Find(texts[0]));
        // Fitted on the first text alone, nothing says "bear" is a word (and "Ben" only ever opens a sentence there).
        Assert.Equal(["Bear"], new CharacterNames(texts[..1]).Find(texts[0]));
    }

    [Fact]
    public void CarriedFractionCountsPromptNamesTheContinuationMentions()
    {
        const string prompt = "There was a boy named Tim and a cat named Kitty. Tim";
        var names = new CharacterNames([prompt, " ran home. Tim was happy.", " hugged Kitty. Tim smiled."]);
        Assert.Equal(0.5, names.CarriedFraction(prompt, " ran home. Tim was happy.")!.Value, 12);
        Assert.Equal(1.0, names.CarriedFraction(prompt, " hugged Kitty. Tim smiled.")!.Value, 12);
        Assert.Null(names.CarriedFraction("The sun was hot.", "It set."));
    }

    /// <summary>One text as a story of one chunk, as the mask stage reads it.</summary>
    sealed class OneChunk
    {
        [ColumnName(ColumnNames.Segments)] public string[] Segments { get; set; } = [];
    }

    public static TheoryData<bool> WithAndWithoutTheNamesList() => [false, true];

    [Theory]
    [MemberData(nameof(WithAndWithoutTheNamesList))]
    public void TheProxyFindsExactlyTheNamesTheMaskStageMasks(bool namesList)
    {
        var texts = CorpusReader.Read(Path.Combine(TestPaths.SharedData, "tinystories", "tinystories_gpt4_clean_first5000.jsonl"))
            .Take(300).Select(s => s.Text).ToList();
        var list = namesList ? File.ReadLines(Path.Combine(TestPaths.SharedData, "lexicons", "makemore_names.txt")).ToList() : null;
        var ml = new MLContext(seed: 1);
        var masker = ml.Transforms.SemanticContext.MaskEntities(new EntityMaskOptions { Names = list })
            .Fit(ml.Data.LoadFromEnumerable(texts.Select(t => new OneChunk { Segments = [t] }).ToList()));
        var proxy = new CharacterNames(texts, list);

        int named = 0;
        foreach (var text in texts)
        {
            var masked = masker.FindEntities([text])[0].Where(e => e.Kind == EntityKind.Name).Select(e => text.Substring(e.Start, e.Length)).ToHashSet();
            var found = proxy.Find(text);
            Assert.True(masked.SetEquals(found), $"masked [{string.Join(", ", masked.Order())}] but the proxy found [{string.Join(", ", found.Order())}] in \"{text}\"");
            if (found.Count > 0) named++;
        }
        Assert.True(named > 150, $"only {named} of {texts.Count} stories name someone");
    }
}
