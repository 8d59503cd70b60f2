using System.Text;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>
/// <c>sctok annotate --segmenter sat:DIR --ner DIR --embedder onnx:DIR</c> with the ONNX fixtures of
/// build/fixtures/onnx (random weights, real signatures), in its own process.
/// </summary>
public class OnnxAnnotateCommandTests
{
    static string Fixture(string name) => Path.Combine(TestPaths.Root, "build", "fixtures", "onnx", name);

    static SampleProcess.Result Sctok(params string[] args) => SampleProcess.Run("sctok.dll", args, TimeSpan.FromMinutes(3));

    [Fact]
    public void AnnotatesWithTheThreeOnnxStagesSavesAndReloads()
    {
        var dir = TestPaths.TempDir();
        var input = Path.Combine(dir, "stories.txt");
        File.WriteAllText(input, string.Join("\n<|endoftext|>\n",
            "Lily saw a cat. The cat was hungry. She gave it some milk. The cat purred happily.",
            "Tom and Sue went to the store. They wanted to buy some candy. The store was closed.",
            "Mia smiled and hugged her friend Ben. They played in the park all day. It was fun.") + "\n", Encoding.UTF8);
        var output = Path.Combine(dir, "out.txt");
        var model = Path.Combine(dir, "annotator.zip");
        var run = Sctok("annotate", input, "-o", output, "--k", "2", "--save-model", model,
            "--segmenter", "sat:" + Fixture("sat"), "--ner", Fixture("ner"), "--embedder", "onnx:" + Fixture("embedder"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("segmenter: SaT through ONNX", run.Stderr);
        Assert.Contains("masker: ONNX NER model", run.Stderr);
        Assert.Contains("embedder: ONNX sentence embedder", run.Stderr);
        Assert.Contains("ONNX Runtime runs", run.Stderr);
        Assert.DoesNotContain("onnxruntime", run.Stderr); // ONNX Runtime's own warnings stay out of the output
        var annotated = File.ReadAllText(output);
        Assert.Equal(File.ReadAllText(input), ClusterTokens.Strip(annotated));

        var again = Path.Combine(dir, "again.txt");
        var reused = Sctok("annotate", input, "-o", again, "--model", model);
        Assert.True(reused.ExitCode == 0, reused.Stderr);
        Assert.Equal(annotated, File.ReadAllText(again));
    }

    [Theory]
    [InlineData("--embedder", "embedder", "--embedder takes onnx:<model folder>")]
    [InlineData("--segmenter", "onnx:sat", "--segmenter takes sat:<model folder>")]
    public void AModelOptionWithoutItsKindIsAUsageError(string option, string value, string message)
    {
        var dir = TestPaths.TempDir();
        var input = Path.Combine(dir, "stories.txt");
        File.WriteAllText(input, "Lily saw a cat. The cat was hungry.\n");
        var run = Sctok("annotate", input, "-o", Path.Combine(dir, "out.txt"), option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: {message}", run.Stderr);
        Assert.False(File.Exists(Path.Combine(dir, "out.txt")));
    }
}
