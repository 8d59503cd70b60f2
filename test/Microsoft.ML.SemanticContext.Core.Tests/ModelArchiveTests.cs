using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Core.Tests;

public class ModelArchiveTests
{
    static readonly string[] Stories = ["Once upon a time.", "A dog ran far away from home.", "Hi."];

    static (TransformerChain<LengthRatioTransformer> Model, IDataView Data) FitChain(MLContext ml)
    {
        var data = ml.Data.LoadFromTexts(Stories);
        var pipeline = new UpperTransformer(ml, ColumnNames.Text, "upper")
            .Append(new LengthRatioEstimator(ml, "upper", "ratio"));
        return (pipeline.Fit(data), data);
    }

    static float[] Ratios(ITransformer model, IDataView data) =>
        model.Transform(data).GetColumn<float[][]>("ratio").Select(v => v[0][0]).ToArray();

    [Fact]
    public void SavedChainLoadsInAFreshContextWithIdenticalOutput()
    {
        var ml = new MLContext(seed: 1);
        var (model, data) = FitChain(ml);
        var path = Path.Combine(TestPaths.TempDir(), "model.zip");
        ml.Model.Save(model, path);

        var loaded = new MLContext().Model.Load(path);
        Assert.Equal(Ratios(model, data), Ratios(loaded, data));
        Assert.Equal(29, model.LastTransformer.Longest);

        using var zip = ZipFile.OpenRead(path);
        var manifest = JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!;
        Assert.Equal(1, manifest["formatVersion"]!.GetValue<int>());
        var stages = manifest["stages"]!.AsArray();
        Assert.Equal(["Test.Upper", "Test.LengthRatio"], stages.Select(s => s!["typeId"]!.GetValue<string>()));
        Assert.Equal(2, stages[1]!["version"]!.GetValue<int>());
        Assert.Equal("upper", stages[1]!["options"]!["input"]!.GetValue<string>());
        Assert.NotNull(zip.GetEntry("stage_01_Test.LengthRatio/state.safetensors"));
    }

    [Fact]
    public void OlderComponentVersionIsStillRead()
    {
        var path = Path.Combine(TestPaths.TempDir(), "v1.zip");
        WriteArchive(path, formatVersion: 1, componentVersion: 1, files: [("longest.txt", "10")]);
        var loaded = (LengthRatioTransformer)new MLContext().Model.Load(path);
        Assert.Equal(10, loaded.Longest);
    }

    [Fact]
    public void NewerFormatVersionIsRefusedWithAClearMessage()
    {
        var path = Path.Combine(TestPaths.TempDir(), "future.zip");
        WriteArchive(path, formatVersion: 99, componentVersion: 1, files: []);
        var e = Assert.Throws<InvalidDataException>(() => new MLContext().Model.Load(path));
        Assert.Contains("format version 99", e.Message);
        Assert.Contains("Upgrade", e.Message);
    }

    [Fact]
    public void NewerComponentVersionIsRefusedWithAClearMessage()
    {
        var path = Path.Combine(TestPaths.TempDir(), "future-stage.zip");
        WriteArchive(path, formatVersion: 1, componentVersion: 7, files: []);
        var e = Assert.Throws<InvalidDataException>(() => new MLContext().Model.Load(path));
        Assert.Contains("Test.LengthRatio", e.Message);
        Assert.Contains("version 7", e.Message);
    }

    [Fact]
    public void TruncatedZipIsRefusedWithThePath()
    {
        var ml = new MLContext(seed: 1);
        var (model, _) = FitChain(ml);
        var dir = TestPaths.TempDir();
        var path = Path.Combine(dir, "model.zip");
        ml.Model.Save(model, path);
        var cut = Path.Combine(dir, "cut.zip");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsAny<InvalidDataException>(() => ml.Model.Load(cut));
        Assert.Contains("cut.zip", e.Message);
    }

    [Fact]
    public void UnknownAssemblyIsNamed()
    {
        var path = Path.Combine(TestPaths.TempDir(), "alien.zip");
        WriteArchive(path, formatVersion: 1, componentVersion: 1, files: [], typeId: "Alien.Stage", assembly: "No.Such.Assembly");
        var e = Assert.Throws<InvalidDataException>(() => new MLContext().Model.Load(path));
        Assert.Contains("No.Such.Assembly", e.Message);
        Assert.Contains("Alien.Stage", e.Message);
    }

    [Fact]
    public void SchemaErrorNamesColumnAndTypes()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTexts(Stories);
        var e = Assert.Throws<SchemaException>(() => new LengthRatioEstimator(ml, "missing", "out").Fit(data));
        Assert.Contains("'missing'", e.Message);
        var ratio = new LengthRatioEstimator(ml, ColumnNames.Text, "ratio").Fit(data).Transform(data);
        var e2 = Assert.Throws<SchemaException>(() => new UpperTransformer(ml, "ratio", "x").Transform(ratio));
        Assert.Contains("'ratio'", e2.Message);
        Assert.Contains(ColumnType.Text.Name, e2.Message);
        Assert.Contains(ColumnType.EmbeddingVector.Name, e2.Message);
    }

    [Fact]
    public void TransformsStreamManyRowsInOrder()
    {
        var ml = new MLContext(seed: 1);
        var texts = Enumerable.Range(0, 3000).Select(i => new string('a', 1 + i % 97)).ToList();
        var data = ml.Data.LoadFromTexts(texts);
        var upper = new UpperTransformer(ml, ColumnNames.Text, "u").Transform(data);
        Assert.Equal(texts.Select(t => t.ToUpperInvariant()), upper.GetColumn<string>("u"));
        Assert.Equal(texts, upper.GetColumn<string>(ColumnNames.Text));
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
