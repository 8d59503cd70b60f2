using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Judge;

public class GradeParserTests
{
    [Theory]
    [InlineData("Grammar: 8/10\nCreativity: 6/10\nConsistency: 9/10\nPlot: 7/10", 8, 6, 9, 7.0)]
    [InlineData("grammar - 8\ncreativity - 6\nconsistency - 9", 8, 6, 9, null)]
    [InlineData("**Grammar**: 8\n**Creativity**: 6\n**Consistency**: 9\n**Plot**: 5", 8, 6, 9, 5.0)]
    [InlineData("- Grammar: **8/10**\n- Creativity: **6/10**\n- Consistency with the story's beginning: **9/10**", 8, 6, 9, null)]
    [InlineData("Grammar: 8 out of 10. Creativity: 6 out of 10. Consistency: 9 out of 10.", 8, 6, 9, null)]
    [InlineData("Here are the grades: {\"grammar\": 8, \"creativity\": 6, \"consistency\": 9, \"plot\": 10}", 8, 6, 9, 10.0)]
    [InlineData("```json\n{\"grades\": {\"Grammar\": \"8/10\", \"Creativity\": 6, \"Consistency\": {\"score\": 9}}}\n```", 8, 6, 9, null)]
    [InlineData("GRAMMAR = 7.5\nCREATIVITY = 6\nCONSISTENCY = 9", 7.5, 6, 9, null)]
    public void ReadsTheFormatsJudgesUse(string reply, double grammar, double creativity, double consistency, double? plot)
    {
        var grades = GradeParser.TryParse(reply);
        Assert.NotNull(grades);
        Assert.Equal(new JudgeGrades(grammar, creativity, consistency, plot), grades);
    }

    [Theory]
    [InlineData("")]
    [InlineData("The story is charming and I enjoyed it.")]
    [InlineData("Grammar: 8/10\nCreativity: 6/10")]                      // consistency missing
    [InlineData("Grammar: 0/10\nCreativity: 6/10\nConsistency: 9/10")]   // 0 is outside 1-10
    [InlineData("Grammar: 80\nCreativity: 6\nConsistency: 9")]           // 80 is outside 1-10
    public void ReturnsNullWhenARequiredGradeIsMissingOrOutOfRange(string reply) => Assert.Null(GradeParser.TryParse(reply));

    [Fact]
    public void PlotOutsideRangeIsDroppedButTheReplyStillParses()
    {
        var grades = GradeParser.TryParse("Grammar: 8\nCreativity: 6\nConsistency: 9\nPlot: 11");
        Assert.Equal(new JudgeGrades(8, 6, 9, null), grades);
    }

    [Fact]
    public void OverallIsTheMeanOfTheThreeRequiredCriteria() =>
        Assert.Equal(23.0 / 3.0, new JudgeGrades(8, 6, 9, 1).Overall, 12);
}
