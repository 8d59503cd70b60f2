using Xunit;

namespace Microsoft.ML.SemanticContext.Numerics.Tests;

public class SoftmaxCrossEntropyTests
{
    const int BT = 6, V = 37;

    [Fact]
    public void ForwardBackwardGivesLossesAndScaledGradient()
    {
        var logits = TestData.Floats(1, BT * V, 5f);
        logits[3] = 80f; // a dominant logit: the max shift must keep exp finite
        var targets = new[] { 3, 0, -1, 36, 5, -100 };
        var losses = Enumerable.Repeat(float.NaN, BT).ToArray();
        var original = TestData.ToDouble(logits);
        const float Scale = 0.25f;

        float total = SoftmaxCrossEntropy.ForwardBackward(logits, targets, losses, BT, V, Scale);

        var expectedLosses = Reference.CrossEntropy(original, targets, BT, V);
        TestData.AssertClose(expectedLosses, losses, 1e-5, 1e-5, "losses");
        Assert.Equal(expectedLosses.Sum(), total, 1e-4);
        var weights = Enumerable.Repeat((double)Scale, BT).ToArray();
        var expectedGradient = TestData.NumericalGradient(p => Reference.CrossEntropy(p, targets, BT, V), original, weights);
        TestData.AssertClose(expectedGradient, logits, 1e-6, 1e-4, "dlogits");
        Assert.All(logits.AsSpan(2 * V, V).ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void ForwardLeavesLogitsUntouched()
    {
        // Wider than the 512-float chunk of the non-destructive path, and not a multiple of it.
        const int wide = 1301;
        var logits = TestData.Floats(2, 3 * wide, 8f);
        var copy = (float[])logits.Clone();
        var targets = new[] { 1300, -1, 0 };
        var losses = new float[3];

        float total = SoftmaxCrossEntropy.Forward(logits, targets, losses, 3, wide);

        var expected = Reference.CrossEntropy(TestData.ToDouble(logits), targets, 3, wide);
        TestData.AssertClose(expected, losses, 1e-5, 1e-5, "losses");
        Assert.Equal(expected.Sum(), total, 1e-4);
        Assert.Equal(copy, logits);
    }

    [Fact]
    public void TargetOutsideTheVocabularyIsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            SoftmaxCrossEntropy.Forward(new float[2 * V], new[] { 0, V }, new float[2], 2, V));
        Assert.Contains("row 1", error.Message);
    }
}
