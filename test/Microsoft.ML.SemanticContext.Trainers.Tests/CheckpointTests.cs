using Microsoft.ML.SemanticContext.Storage;
using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

public class CheckpointTests
{
    [Fact]
    public void ExportThenImportGivesIdenticalLogits()
    {
        using var folder = new TestPaths.TempFolder();
        var model = GptNeoModel.CreateRandom(TinyModels.Config(), seed: 5);
        var tokens = TinyModels.RandomTokens(10, 23, seed: 6);
        var before = model.Forward(tokens, 2, 5).ToArray();
        GptNeoCheckpoint.Export(model, folder.Path);
        var loaded = GptNeoCheckpoint.Import(folder.Path);
        Assert.Equal(model.Config, loaded.Config);
        Assert.Equal(before, loaded.Forward(tokens, 2, 5).ToArray());
    }

    [Fact]
    public void ConfigJsonRoundTripsAndReadsHuggingFaceAttentionTypes()
    {
        var config = GptNeoConfigJson.Read(Path.Combine(TestPaths.TinyCheckpoint, "config.json"));
        Assert.Equal(new[] { AttentionKind.Global, AttentionKind.Local, AttentionKind.Global, AttentionKind.Local }, config.AttentionLayers);
        Assert.Equal((97, 32, 4, 4, 16, 128), (config.VocabularySize, config.HiddenSize, config.Heads, config.WindowSize, config.MaxPositions, config.MlpSize));
        Assert.Equal(config, GptNeoConfigJson.Parse(GptNeoConfigJson.ToJson(config), "round trip"));
        var irregular = config with { AttentionLayers = new[] { AttentionKind.Global, AttentionKind.Global, AttentionKind.Local } };
        Assert.Equal(irregular, GptNeoConfigJson.Parse(GptNeoConfigJson.ToJson(irregular), "round trip"));
    }

    [Fact]
    public void MissingTensorIsNamed()
    {
        var e = ImportWith(tensors => tensors.RemoveAll(t => t.Name == "transformer.h.2.mlp.c_fc.bias"));
        Assert.Contains("missing tensor 'transformer.h.2.mlp.c_fc.bias'", e.Message);
    }

    [Fact]
    public void ExtraTensorIsNamed()
    {
        var e = ImportWith(tensors => tensors.Add(new NamedTensor("transformer.h.9.ln_1.weight", new[] { 32 }, new float[32])));
        Assert.Contains("unexpected tensor 'transformer.h.9.ln_1.weight'", e.Message);
    }

    [Fact]
    public void ShapeMismatchNamesTheTensorAndBothShapes()
    {
        var e = ImportWith(tensors =>
        {
            int i = tensors.FindIndex(t => t.Name == "transformer.h.1.attn.attention.q_proj.weight");
            tensors[i] = new NamedTensor(tensors[i].Name, new[] { 16, 64 }, tensors[i].Data);
        });
        Assert.Contains("'transformer.h.1.attn.attention.q_proj.weight' has shape [16,64] but the configuration needs [32,32]", e.Message);
    }

    [Fact]
    public void TiedHeadAndMaskBuffersOfOlderCheckpointsAreAccepted()
    {
        using var folder = new TestPaths.TempFolder();
        var (tensors, _) = SafeTensors.Read(Path.Combine(TestPaths.TinyCheckpoint, "model.safetensors"));
        var wte = tensors.Single(t => t.Name == "transformer.wte.weight");
        tensors.Add(new NamedTensor("lm_head.weight", wte.Shape, wte.Data));
        tensors.Add(new NamedTensor("transformer.h.0.attn.attention.bias", new[] { 1, 1, 2, 2 }, new float[4]));
        tensors.Add(new NamedTensor("transformer.h.0.attn.attention.masked_bias", new[] { 1 }, new float[1]));
        var model = GptNeoCheckpoint.FromTensors(GptNeoConfigJson.Read(Path.Combine(TestPaths.TinyCheckpoint, "config.json")), tensors, "test");
        Assert.Equal(wte.Data, model.Tensor("transformer.wte.weight").ToArray());
    }

    [Fact]
    public void TruncatedWeightsFileSaysSo()
    {
        using var folder = new TestPaths.TempFolder();
        File.Copy(Path.Combine(TestPaths.TinyCheckpoint, "config.json"), Path.Combine(folder.Path, "config.json"));
        var bytes = File.ReadAllBytes(Path.Combine(TestPaths.TinyCheckpoint, "model.safetensors"));
        File.WriteAllBytes(Path.Combine(folder.Path, "model.safetensors"), bytes[..(bytes.Length - 1000)]);
        var e = Assert.Throws<InvalidDataException>(() => GptNeoCheckpoint.Import(folder.Path));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void CorruptConfigAndMissingFilesAreReported()
    {
        using var folder = new TestPaths.TempFolder();
        Assert.Throws<FileNotFoundException>(() => GptNeoCheckpoint.Import(folder.Path));
        File.Copy(Path.Combine(TestPaths.TinyCheckpoint, "model.safetensors"), Path.Combine(folder.Path, "model.safetensors"));
        File.WriteAllText(Path.Combine(folder.Path, "config.json"), "{\"num_layers\": 4, \"attention_types\": [[[\"global\", \"sparse\"], 2]]}");
        var e = Assert.Throws<InvalidDataException>(() => GptNeoCheckpoint.Import(folder.Path));
        Assert.Contains("unknown attention type 'sparse'", e.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ExtendingTheVocabularyKeepsOldRowsAndInitialisesNewRowsToTheMean(bool tiedHead)
    {
        var model = GptNeoModel.CreateRandom(TinyModels.Config() with { TieWordEmbeddings = tiedHead }, seed: 5);
        var bigger = model.WithVocabularySize(26);
        Assert.Equal(26, bigger.Config.VocabularySize);
        int C = model.Config.HiddenSize;
        // An untied head gets new rows as the embedding does.
        foreach (var matrix in tiedHead ? ["transformer.wte.weight"] : new[] { "transformer.wte.weight", "lm_head.weight" })
        {
            var oldRows = model.Tensor(matrix);
            var newRows = bigger.Tensor(matrix);
            Assert.True(oldRows.SequenceEqual(newRows[..oldRows.Length]));
            for (int c = 0; c < C; c++)
            {
                double mean = 0;
                for (int r = 0; r < 23; r++) mean += oldRows[r * C + c];
                for (int r = 23; r < 26; r++) Assert.Equal(mean / 23, newRows[r * C + c], 1e-6);
            }
        }
        Assert.True(model.Tensor("transformer.h.1.mlp.c_proj.weight").SequenceEqual(bigger.Tensor("transformer.h.1.mlp.c_proj.weight")));
        Assert.Throws<ArgumentException>(() => model.WithVocabularySize(10));
    }

    static InvalidDataException ImportWith(Action<List<NamedTensor>> edit)
    {
        var (tensors, _) = SafeTensors.Read(Path.Combine(TestPaths.TinyCheckpoint, "model.safetensors"));
        edit(tensors);
        var config = GptNeoConfigJson.Read(Path.Combine(TestPaths.TinyCheckpoint, "config.json"));
        return Assert.Throws<InvalidDataException>(() => GptNeoCheckpoint.FromTensors(config, tensors, "model.safetensors"));
    }
}
