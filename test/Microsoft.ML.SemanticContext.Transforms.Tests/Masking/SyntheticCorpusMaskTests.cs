using System.Text.RegularExpressions;
using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Masking;

/// <summary>On the built-in demo corpus every character name and gendered pronoun is masked, so clusters see roles only.</summary>
public class SyntheticCorpusMaskTests
{
    [Fact]
    public void Every_character_name_and_gendered_pronoun_of_the_demo_corpus_is_masked()
    {
        var ml = new MLContext(seed: 1);
        var stories = ml.Data.LoadFromTexts(StorySynthesizer.Generate(500, seed: 4).Select(s => s.Text));
        var pipeline = ml.Transforms.SemanticContext.SegmentSentences().Append(ml.Transforms.SemanticContext.MaskEntities());
        var masked = pipeline.Fit(stories).Transform(stories).GetColumn<string[]>(ColumnNames.MaskedSegments).SelectMany(c => c).ToList();
        var leftovers = new Regex($@"\b({string.Join('|', StorySynthesizer.CharacterNames)}|[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im)\b");
        Assert.All(masked, chunk => Assert.DoesNotMatch(leftovers, chunk));
        Assert.Contains(masked, chunk => chunk.Contains("<unk>"));
        Assert.Contains(masked, chunk => chunk.Contains("Once upon a time"));
    }
}
