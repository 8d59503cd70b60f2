using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Testing;

namespace Microsoft.ML.SemanticContext.Core.Tests;

/// <summary>Weights split over shards with model.safetensors.index.json, and the ways such a folder can be broken.</summary>
public class ShardedSafeTensorsTests
{
    /// <summary>a and b in shard 1, c in shard 2, with the index that says so; returns the index path.</summary>
    static string WriteShards(string folder, Action<JsonObject>? editMap = null)
    {
        SafeTensors.Write(Path.Combine(folder, "model-00001-of-00002.safetensors"), [new("a", [2], [1, 2]), new("b", [1], [3])]);
        SafeTensors.Write(Path.Combine(folder, "model-00002-of-00002.safetensors"), [new("c", [1, 2], [4, 5])]);
        var map = new JsonObject { ["a"] = "model-00001-of-00002.safetensors", ["b"] = "model-00001-of-00002.safetensors", ["c"] = "model-00002-of-00002.safetensors" };
        editMap?.Invoke(map);
        var index = Path.Combine(folder, ShardedSafeTensors.IndexFileName);
        File.WriteAllText(index, new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = 20 }, ["weight_map"] = map }.ToJsonString());
        return index;
    }

    [Fact]
    public void EveryTensorOfEveryShardIsRead()
    {
        var tensors = ShardedSafeTensors.Read(WriteShards(TestPaths.TempDir())).ToDictionary(t => t.Name);
        Assert.Equal(["a", "b", "c"], tensors.Keys.Order());
        Assert.Equal([1f, 2f], tensors["a"].Data);
        Assert.Equal([1, 2], tensors["c"].Shape);
        Assert.Equal([4f, 5f], tensors["c"].Data);
    }

    [Fact]
    public void ATensorInAnotherShardThanListedIsNamed()
    {
        var e = Assert.Throws<InvalidDataException>(() => ShardedSafeTensors.Read(WriteShards(TestPaths.TempDir(), map => map["b"] = "model-00002-of-00002.safetensors")));
        Assert.Contains("model-00001-of-00002.safetensors: tensor 'b' is listed in model.safetensors.index.json as being in 'model-00002-of-00002.safetensors'", e.Message);
    }

    [Fact]
    public void AListedTensorThatNoShardHoldsIsNamed()
    {
        var e = Assert.Throws<InvalidDataException>(() => ShardedSafeTensors.Read(WriteShards(TestPaths.TempDir(), map => map["d"] = "model-00002-of-00002.safetensors")));
        Assert.Contains("tensor 'd' is listed in 'model-00002-of-00002.safetensors', but that shard does not hold it", e.Message);
    }

    [Fact]
    public void AnUnlistedTensorIsNamed()
    {
        var e = Assert.Throws<InvalidDataException>(() => ShardedSafeTensors.Read(WriteShards(TestPaths.TempDir(), map => map.Remove("b"))));
        Assert.Contains("model-00001-of-00002.safetensors: tensor 'b' is not listed in model.safetensors.index.json", e.Message);
    }

    [Theory]
    [InlineData("../model-00002-of-00002.safetensors")]
    [InlineData("/tmp/model.safetensors")]
    public void AShardOutsideTheIndexsFolderIsRefused(string shard)
    {
        var e = Assert.Throws<InvalidDataException>(() => ShardedSafeTensors.Read(WriteShards(TestPaths.TempDir(), map => map["c"] = shard)));
        Assert.Contains("weight_map[\"c\"] must be the file name of a shard beside the index", e.Message);
    }

    [Fact]
    public void AnIndexWithoutAWeightMapSaysSo()
    {
        var index = Path.Combine(TestPaths.TempDir(), ShardedSafeTensors.IndexFileName);
        File.WriteAllText(index, """{"metadata": {}}""");
        var e = Assert.Throws<InvalidDataException>(() => ShardedSafeTensors.Read(index));
        Assert.Contains("\"weight_map\" is missing", e.Message);
    }
}
