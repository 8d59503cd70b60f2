using Microsoft.ML.SemanticContext.Transforms.Embedding;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Embedding;

public class WordTokenizerTests
{
    [Theory]
    [InlineData("Tom's <unk> RAN, a I 42x!", "tom|unk|ran|42x")]
    [InlineData("\"Can I trust you?\" the mouse asked.", "can|trust|you|the|mouse|asked")]
    [InlineData("", "")]
    [InlineData("a b c", "")]
    [InlineData("Ünïcode ÉCOLE snake_case", "ünïcode|école|snake_case")]
    public void SplitsLikeScikitLearnsDefaultPattern(string text, string expected)
    {
        var words = new List<string>();
        WordTokenizer.ForEachWord(text, w => words.Add(w.ToString()));
        Assert.Equal(expected, string.Join("|", words));
    }
}
