using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Clustering;

public class ClusterTokensTests
{
    const string Story = "Once upon a time, there was a dog. His name was Spot.\nOne day, he saw a rock.  \"Wow!\" he said.";
    static readonly string[] Chunks = ["Once upon a time, there was a dog. His name was Spot.", "One day, he saw a rock.", "\"Wow!\" he said."];

    [Fact]
    public void PrependWritesTheTokenBeforeTheWhitespaceThatLeadsIntoEachChunk()
    {
        Assert.Equal(
            "<cluster_3>Once upon a time, there was a dog. His name was Spot.<cluster_0>\nOne day, he saw a rock.<cluster_4>  \"Wow!\" he said.",
            ClusterTokens.Annotate(Story, Chunks, [3, 0, 4], Placement.Prepend));
    }

    [Fact]
    public void PostpendWritesTheTokenRightAfterEachChunk()
    {
        Assert.Equal(
            "Once upon a time, there was a dog. His name was Spot.<cluster_3>\nOne day, he saw a rock.<cluster_0>  \"Wow!\" he said.<cluster_4>",
            ClusterTokens.Annotate(Story, Chunks, [3, 0, 4], Placement.Postpend));
    }

    [Fact]
    public void LeadingAndTrailingWhitespaceOfTheStoryIsKept()
    {
        Assert.Equal("<cluster_1>  Hi.\n", ClusterTokens.Annotate("  Hi.\n", ["Hi."], [1], Placement.Prepend));
        Assert.Equal("  Hi.<cluster_1>\n", ClusterTokens.Annotate("  Hi.\n", ["Hi."], [1], Placement.Postpend));
    }

    [Fact]
    public void AChunkThatIsNotInTheStoryNamesTheRowAndChunk()
    {
        var error = Assert.Throws<InvalidDataException>(() => ClusterTokens.Annotate("A b. C d.", ["A b.", "X y."], [0, 1], Placement.Prepend, rowIndex: 17));
        Assert.Contains("Row 17", error.Message);
        Assert.Contains("chunk 1", error.Message);
    }

    [Fact]
    public void UnknownPlacementIsAClearError()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ClusterTokens.Annotate("A.", ["A."], [0], (Placement)7));
        Assert.Contains("Unknown placement 7", error.Message);
        Assert.Contains("Prepend or Postpend", error.Message);
    }

    static readonly string[] Words = ["Once", "upon", "a", "time", "\"Hi!\"", "Tom", "said.", "<unk>", "cluster_2", "<", ">", "Mr.", "é", "😀", "...", "?!", "(yes)"];
    static readonly string[] Separators = [" ", "\n", "  ", "\n\n", "\t", " \n ", "\r\n"];

    static Gen<(string Story, string[] Chunks, int[] Clusters)> AnnotatedStories() =>
        from count in Gen.Choose(0, 8)
        from chunks in Gen.Elements(Words).NonEmptyListOf().Select(w => string.Join(" ", w)).ArrayOf(count)
        from separators in Gen.Elements(Separators).Or(Gen.Constant("")).ArrayOf(count + 1)
        from clusters in Gen.Choose(0, 31).ArrayOf(count)
        select (Build(chunks, separators), chunks, clusters);

    static string Build(string[] chunks, string[] separators) =>
        separators[0] + string.Concat(chunks.Select((c, i) => c + (i < chunks.Length - 1 && separators[i + 1] == "" ? " " : separators[i + 1])));

    [Property(MaxTest = 300)]
    public Property StrippingTheTokensGivesBackTheOriginalStory() =>
        Prop.ForAll(AnnotatedStories().ToArbitrary(), sample =>
            ClusterTokens.Strip(ClusterTokens.Annotate(sample.Story, sample.Chunks, sample.Clusters, Placement.Prepend)) == sample.Story
            && ClusterTokens.Strip(ClusterTokens.Annotate(sample.Story, sample.Chunks, sample.Clusters, Placement.Postpend)) == sample.Story);

    [Property(MaxTest = 100)]
    public Property EveryChunkGetsExactlyOneToken() =>
        Prop.ForAll(AnnotatedStories().ToArbitrary(), sample =>
            System.Text.RegularExpressions.Regex.Matches(
                ClusterTokens.Annotate(sample.Story, sample.Chunks, sample.Clusters, Placement.Prepend), "<cluster_[0-9]+>").Count == sample.Chunks.Length);
}
