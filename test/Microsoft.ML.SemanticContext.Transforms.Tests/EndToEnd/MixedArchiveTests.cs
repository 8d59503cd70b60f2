using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;
using Microsoft.ML.Transforms.Text;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.EndToEnd;

/// <summary>
/// Saving: ML.NET's own <c>ml.Model.Save</c> cannot write this project's stages (its writer API is internal), and says
/// what to use instead; <c>ml.Model.SemanticContext.Save</c> writes them together with ML.NET's built-ins in one archive.
/// </summary>
public class MixedArchiveTests
{
    [Fact]
    public void PlainMLNetSaveNamesTheMethodToUse()
    {
        var ml = new MLContext(seed: 1);
        var stories = AnnotationPipeline.Stories(ml, count: 60);
        var model = AnnotationPipeline.Build(ml).Fit(stories);
        var error = Assert.ThrowsAny<Exception>(() => ml.Model.Save(model, stories.Schema, new MemoryStream()));
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("ml.Model.SemanticContext.Save(model, inputSchema, path)", messages);
        Assert.Contains(nameof(SentenceSegmentTransformer), messages);
    }

    static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e;
    }

    // A story with diacritics shows that ML.NET's normalizer really ran, before fitting and after loading.
    static readonly string[] Stories = [.. SharedData.CleanStories.Take(200), "Zoé went to the café with Théo. She ate a crêpe and he ate a piñata cake."];

    [Fact]
    public void BuiltInsBeforeAndBetweenTheStagesFitSaveAndLoadWithIdenticalOutput()
    {
        var ml = new MLContext(seed: 11);
        var stories = ml.Data.LoadFromTexts(Stories);
        var pipeline = ml.Transforms.Text.NormalizeText(ColumnNames.Text, caseMode: TextNormalizingEstimator.CaseMode.None, keepDiacritics: false)
            .Append(ml.Transforms.SemanticContext.SegmentSentences())
            .Append(ml.Transforms.SemanticContext.MaskEntities())
            .Append(ml.Transforms.CopyColumns("chunks_to_embed", ColumnNames.MaskedSegments))
            .Append(ml.Transforms.SemanticContext.EmbedSegments(inputColumnName: "chunks_to_embed"))
            .Append(ml.Transforms.SemanticContext.AssignClusterTokens(k: 5));
        var model = pipeline.Fit(stories);
        var annotated = AnnotationPipeline.Annotate(ml, model, stories);
        Assert.StartsWith("<cluster_", annotated[^1].Annotated);
        Assert.Contains("Zoe went to the cafe with Theo.", annotated[^1].Annotated);
        Assert.Equal(annotated[^1].Text, ClusterTokens.Strip(annotated[^1].Annotated));

        var path = Path.Combine(TestPaths.TempDir(), "mixed.zip");
        ml.Model.SemanticContext.Save(model, stories.Schema, path);
        var fresh = new MLContext();
        var loaded = fresh.Model.SemanticContext.Load(path, out var schema);
        var again = AnnotationPipeline.Annotate(fresh, loaded, fresh.Data.LoadFromTexts(Stories));
        Assert.Equal(annotated.Select(s => s.Annotated), again.Select(s => s.Annotated));
        Assert.Equal(annotated.Select(s => s.Clusters), again.Select(s => s.Clusters));
        Assert.Equal(6, Assert.IsType<TransformerChain<ITransformer>>(loaded).Count());
        Assert.Equal([ColumnNames.Text], schema!.Select(c => c.Name));

        using var zip = ZipFile.OpenRead(path);
        var stages = JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!["stages"]!.AsArray();
        Assert.Equal(["mlnet", "component", "component", "mlnet", "component", "component"], stages.Select(s => s!["kind"]!.GetValue<string>()));
    }
}
