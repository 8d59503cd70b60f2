using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.ML.SemanticContext.Transforms.Masking;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Masking;

/// <summary>Whatever the text, masking only replaces whole words and copies everything else.</summary>
public class MaskPropertyTests
{
    static readonly Lazy<EntityMaskTransformer> Masker = new(() =>
    {
        var ml = new MLContext(seed: 1);
        var stories = ml.Data.LoadFromTexts(SharedData.CleanStories.Take(300));
        return ml.Transforms.SemanticContext.MaskEntities().Fit(ml.Transforms.SemanticContext.SegmentSentences().Fit(stories).Transform(stories));
    });

    static readonly string[] Parts =
    [
        "Tom", "Lily's", "he", "HER", "Himself", "Mr.", "Mom", "named", "called", "Zorblax", "the", "Paris", "\"", "“", "”",
        "'", ".", "!", "?", ",", " ", " ", "\n", "é", "😀", "O'Neil", "Sue-Ellen", new string('x', 80), "May",
    ];

    [Property(MaxTest = 300)]
    public Property Only_whole_words_are_replaced_and_the_rest_is_copied() =>
        Prop.ForAll(Gen.Elements(Parts).ListOf().Select(p => string.Concat(p)).ListOf().Select(c => c.ToArray()).ToArbitrary(), chunks =>
        {
            var entities = Masker.Value.FindEntities(chunks);
            var masked = Masker.Value.Mask(chunks);
            Assert.Equal(chunks.Length, masked.Length);
            for (int c = 0; c < chunks.Length; c++)
            {
                var chunk = chunks[c];
                var rebuilt = new System.Text.StringBuilder();
                int at = 0;
                foreach (var e in entities[c])
                {
                    Assert.True(e.Start >= at && e.Start + e.Length <= chunk.Length);
                    Assert.True(chunk.Substring(e.Start, e.Length).All(char.IsLetter));
                    Assert.False(e.Start > 0 && char.IsLetter(chunk[e.Start - 1]));
                    Assert.False(e.Start + e.Length < chunk.Length && char.IsLetter(chunk[e.Start + e.Length]));
                    rebuilt.Append(chunk, at, e.Start - at).Append("<unk>");
                    at = e.Start + e.Length;
                }
                Assert.Equal(rebuilt.Append(chunk, at, chunk.Length - at).ToString(), masked[c]);
            }
        });
}
