using System.Buffers.Binary;
using System.Text;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Core.Tests;

public class SafeTensorsTests
{
    [Fact]
    public void RoundTripKeepsNamesShapesValuesAndMetadata()
    {
        var tensors = new List<NamedTensor>
        {
            new("a.weight", [2, 3], [1, -2, 3.5f, float.Epsilon, -0f, 1e30f]),
            new("b", [4], [0.25f, 0.5f, 0.75f, 1f]),
        };
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        stream.Position = 0;
        var (read, meta) = SafeTensors.Read(stream, "mem");
        Assert.Equal("pt", meta["format"]);
        Assert.Equal(["a.weight", "b"], read.Select(t => t.Name));
        Assert.Equal([2, 3], read[0].Shape);
        Assert.Equal(tensors[0].Data, read[0].Data);
        Assert.Equal(tensors[1].Data, read[1].Data);
        // The data section starts 8-byte aligned.
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(stream.ToArray()) % 8);
    }

    [Fact]
    public void ReadsHalfAndBFloat16()
    {
        var header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]}}";
        var bytes = new List<byte>();
        var json = Encoding.UTF8.GetBytes(header);
        bytes.AddRange(BitConverter.GetBytes((ulong)json.Length));
        bytes.AddRange(json);
        bytes.AddRange(BitConverter.GetBytes((Half)1.5f));
        bytes.AddRange(BitConverter.GetBytes((Half)(-2f)));
        bytes.AddRange(BitConverter.GetBytes((ushort)(BitConverter.SingleToInt32Bits(3.0f) >> 16)));
        var (read, _) = SafeTensors.Read(new MemoryStream(bytes.ToArray()), "mem");
        Assert.Equal([1.5f, -2f], read.Single(t => t.Name == "h").Data);
        Assert.Equal([3.0f], read.Single(t => t.Name == "b").Data);
    }

    [Fact]
    public void TruncatedFileNamesTheTensor()
    {
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, [new NamedTensor("layer.w", [8], new float[8])]);
        var cut = stream.ToArray()[..^5];
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(cut), "model.safetensors"));
        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains("layer.w", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void GarbageIsRejectedClearly()
    {
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(Encoding.ASCII.GetBytes("PK\u0003\u0004 not a tensor file")), "x.bin"));
        Assert.Contains("x.bin", e.Message);
    }

    [Fact]
    public void ShapeAndDataMismatchIsRefusedOnWrite()
    {
        var e = Assert.Throws<ArgumentException>(() => SafeTensors.Write(new MemoryStream(), [new NamedTensor("w", [2, 2], new float[3])]));
        Assert.Contains("'w'", e.Message);
    }
}
