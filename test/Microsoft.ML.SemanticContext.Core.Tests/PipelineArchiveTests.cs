using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Core.Tests;

public class PipelineArchiveTests
{
    static readonly string[] Stories = ["Once upon a time.", "A dog ran far away from home.", "Hi."];

    static (ITransformer Model, IDataView Data) FitOwnChain(MLContext ml)
    {
        var data = ml.Data.LoadFromTexts(Stories);
        var pipeline = new WordsTransformer(ml, ColumnNames.Text, "w")
            .Append(new LengthRatioEstimator(ml, "w_upper", "ratio"));
        return (pipeline.Fit(data), data);
    }

    static float[] Ratios(ITransformer model, IDataView data) =>
        model.Transform(data).GetColumn<float[]>("ratio").Select(v => v[0]).ToArray();

    [Fact]
    public void SavedChainLoadsInAFreshContextWithIdenticalOutputAndSchema()
    {
        var ml = new MLContext(seed: 1);
        var (model, data) = FitOwnChain(ml);
        var path = Path.Combine(TestPaths.TempDir(), "model.zip");
        ml.Model.SemanticContext.Save(model, data.Schema, path);

        var loaded = new MLContext().Model.SemanticContext.Load(path, out var schema);
        Assert.Equal(Ratios(model, data), Ratios(loaded, data));
        Assert.NotNull(schema);
        Assert.Equal(ColumnNames.Text, Assert.Single(schema!).Name);
        Assert.IsType<TextDataViewType>(schema![0].Type);

        using var zip = ZipFile.OpenRead(path);
        var manifest = JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!;
        Assert.Equal(2, manifest["formatVersion"]!.GetValue<int>());
        var stages = manifest["stages"]!.AsArray();
        Assert.Equal(["Test.Words", "Test.LengthRatio"], stages.Select(s => s!["typeId"]!.GetValue<string>()));
        Assert.Equal(2, stages[1]!["version"]!.GetValue<int>());
        Assert.Equal("w_upper", stages[1]!["options"]!["input"]!.GetValue<string>());
        Assert.NotNull(zip.GetEntry("stage_01_Test.LengthRatio/state.safetensors"));
    }

    [Fact]
    public void MixedPipelineWithMLNetStagesRoundTripsInOneArchive()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTexts(Stories.Concat(["The cat sat on the mat.", "Tom and Lily went to the park to play."]));
        // ML.NET's own transforms before, between and after this project's stages.
        var pipeline = ml.Transforms.Text.NormalizeText("normalized", ColumnNames.Text)
            .Append(new WordsTransformer(ml, "normalized", "w"))
            .Append(ml.Transforms.Text.FeaturizeText("features", "w_upper"))
            .Append(ml.Transforms.Conversion.ConvertType("lengths", "w_lengths", DataKind.Single))
            .Append(new LengthRatioEstimator(ml, "normalized", "ratio"))
            .Append(ml.Transforms.Concatenate("all", "ratio", "lengths"));
        var model = pipeline.Fit(data);
        var path = Path.Combine(TestPaths.TempDir(), "mixed.zip");
        ml.Model.SemanticContext.Save(model, data.Schema, path);

        var fresh = new MLContext(seed: 9);
        var loaded = fresh.Model.SemanticContext.Load(path, out var schema);
        foreach (var column in new[] { "features", "all" })
            Assert.Equal(model.Transform(data).GetColumn<float[]>(column), loaded.Transform(fresh.Data.LoadFromTexts(Stories.Concat(["The cat sat on the mat.", "Tom and Lily went to the park to play."]))).GetColumn<float[]>(column));
        Assert.Equal(6, ((IEnumerable<ITransformer>)loaded).Count());

        using var zip = ZipFile.OpenRead(path);
        var stages = JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!["stages"]!.AsArray();
        Assert.Equal(["mlnet", "component", "mlnet", "component", "mlnet"], stages.Select(s => s!["kind"]!.GetValue<string>()));
        Assert.Equal(2, stages[2]!["stages"]!.AsArray().Count);
    }

    [Fact]
    public void PlainMLNetSaveNamesTheMethodToUse()
    {
        var ml = new MLContext(seed: 1);
        var (model, data) = FitOwnChain(ml);
        var e = Assert.ThrowsAny<Exception>(() => ml.Model.Save(model, data.Schema, new MemoryStream()));
        var messages = string.Join(" | ", Chain(e).Select(x => x.Message));
        Assert.Contains("ml.Model.SemanticContext.Save", messages);
    }

    [Fact]
    public void PlainMLNetLoadOfAPipelineArchiveNamesTheMethodToUse()
    {
        var ml = new MLContext(seed: 1);
        var (model, data) = FitOwnChain(ml);
        var path = Path.Combine(TestPaths.TempDir(), "model.zip");
        ml.Model.SemanticContext.Save(model, data.Schema, path);
        var e = Assert.ThrowsAny<Exception>(() => ml.Model.Load(path, out _));
        Assert.Contains("ml.Model.SemanticContext.Load(path, out inputSchema)", string.Join(" | ", Chain(e).Select(x => x.Message)));
        // The entries that make it so do not disturb this project's own loader.
        Assert.Equal(Ratios(model, data), Ratios(ml.Model.SemanticContext.Load(path, out _), data));
    }

    [Fact]
    public void OlderComponentVersionIsStillRead()
    {
        var path = Path.Combine(TestPaths.TempDir(), "v1.zip");
        WriteArchive(path, formatVersion: 1, componentVersion: 1, files: [("longest.txt", "10")]);
        var loaded = new MLContext().Model.SemanticContext.Load(path, out var schema);
        Assert.Null(schema);
        Assert.Equal(10, Assert.IsType<LengthRatioTransformer>(Assert.Single((IEnumerable<ITransformer>)loaded)).Longest);
    }

    [Fact]
    public void NewerFormatVersionIsRefusedWithAClearMessage()
    {
        var path = Path.Combine(TestPaths.TempDir(), "future.zip");
        WriteArchive(path, formatVersion: 99, componentVersion: 1, files: []);
        var e = Assert.Throws<InvalidDataException>(() => new MLContext().Model.SemanticContext.Load(path, out _));
        Assert.Contains("format version 99", e.Message);
        Assert.Contains("Upgrade", e.Message);
    }

    [Fact]
    public void NewerComponentVersionIsRefusedWithAClearMessage()
    {
        var path = Path.Combine(TestPaths.TempDir(), "future-stage.zip");
        WriteArchive(path, formatVersion: 1, componentVersion: 7, files: []);
        var e = Assert.Throws<InvalidDataException>(() => new MLContext().Model.SemanticContext.Load(path, out _));
        Assert.Contains("Test.LengthRatio", e.Message);
        Assert.Contains("version 7", e.Message);
    }

    [Fact]
    public void TruncatedZipIsRefusedWithThePath()
    {
        var ml = new MLContext(seed: 1);
        var (model, data) = FitOwnChain(ml);
        var dir = TestPaths.TempDir();
        var path = Path.Combine(dir, "model.zip");
        ml.Model.SemanticContext.Save(model, data.Schema, path);
        var cut = Path.Combine(dir, "cut.zip");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsAny<InvalidDataException>(() => ml.Model.SemanticContext.Load(cut, out _));
        Assert.Contains("cut.zip", e.Message);
    }

    [Fact]
    public void MissingOrCorruptNestedEntryIsNamed()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTexts(Stories);
        var model = ml.Transforms.Text.NormalizeText("n", ColumnNames.Text).Append(new WordsTransformer(ml, "n", "w")).Fit(data);
        var dir = TestPaths.TempDir();
        var path = Path.Combine(dir, "model.zip");
        ml.Model.SemanticContext.Save(model, data.Schema, path);

        var corrupt = Path.Combine(dir, "corrupt.zip");
        File.Copy(path, corrupt);
        using (var zip = ZipFile.Open(corrupt, ZipArchiveMode.Update))
        {
            zip.GetEntry("stage_00_mlnet.zip")!.Delete();
            using var w = zip.CreateEntry("stage_00_mlnet.zip").Open();
            w.Write("not a zip"u8);
        }
        var e = Assert.Throws<InvalidDataException>(() => ml.Model.SemanticContext.Load(corrupt, out _));
        Assert.Contains("stage_00_mlnet.zip", e.Message);

        var missing = Path.Combine(dir, "missing.zip");
        File.Copy(path, missing);
        using (var zip = ZipFile.Open(missing, ZipArchiveMode.Update)) zip.GetEntry("input_schema.zip")!.Delete();
        e = Assert.Throws<InvalidDataException>(() => ml.Model.SemanticContext.Load(missing, out _));
        Assert.Contains("input_schema.zip", e.Message);
    }

    [Fact]
    public void UnknownAssemblyIsNamed()
    {
        var path = Path.Combine(TestPaths.TempDir(), "alien.zip");
        WriteArchive(path, formatVersion: 1, componentVersion: 1, files: [], typeId: "Alien.Stage", assembly: "No.Such.Assembly");
        var e = Assert.Throws<InvalidDataException>(() => new MLContext().Model.SemanticContext.Load(path, out _));
        Assert.Contains("No.Such.Assembly", e.Message);
        Assert.Contains("Alien.Stage", e.Message);
    }

    static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e;
    }

    static void WriteArchive(string path, int formatVersion, int componentVersion, (string Name, string Text)[] files,
        string typeId = "Test.LengthRatio", string assembly = "Microsoft.ML.SemanticContext.Core.Tests")
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        var manifest = new JsonObject
        {
            ["format"] = "semantic-context-model",
            ["formatVersion"] = formatVersion,
            ["libraryVersion"] = "9.9.9",
            ["stages"] = new JsonArray(new JsonObject
            {
                ["typeId"] = typeId, ["version"] = componentVersion, ["assembly"] = assembly, ["folder"] = "s0",
                ["options"] = new JsonObject { ["input"] = "text", ["output"] = "ratio" },
            }),
        };
        using (var w = new StreamWriter(zip.CreateEntry("manifest.json").Open())) w.Write(manifest.ToJsonString());
        foreach (var (name, text) in files)
            using (var w = new StreamWriter(zip.CreateEntry($"s0/{name}").Open())) w.Write(text);
    }
}
