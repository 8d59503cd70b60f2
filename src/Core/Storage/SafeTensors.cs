using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.ML.SemanticContext.Storage;

/// <summary>A named dense tensor held as float32 (row-major), with its shape.</summary>
public sealed record NamedTensor(string Name, int[] Shape, float[] Data)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
/// mapping each tensor name to {dtype, shape, data_offsets}, then the raw little-endian data.
/// Written tensors are F32; F32, F16 and BF16 are read (converted to float32) so Hugging Face checkpoints load.
/// </summary>
public static class SafeTensors
{
    const long MaxHeaderBytes = 100_000_000;

    /// <summary>The largest file holding <paramref name="values"/> values (F32, the widest dtype) with any header.</summary>
    public static long MaxFileBytes(long values) => 8 + MaxHeaderBytes + 4 * values;

    public static void Write(Stream stream, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata) meta[k] = v;
            header["__metadata__"] = meta;
        }
        long offset = 0;
        foreach (var t in tensors)
        {
            if (t.ElementCount != t.Data.Length)
                throw new ArgumentException($"Tensor '{t.Name}' has shape [{string.Join(",", t.Shape)}] but {t.Data.Length} values.");
            long bytes = 4L * t.Data.Length;
            header[t.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(t.Shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        int padded = (json.Length + 7) / 8 * 8;
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
        stream.Write(len);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var t in tensors)
        {
            var bytes = new byte[4 * t.Data.Length];
            for (int i = 0; i < t.Data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), t.Data[i]);
            stream.Write(bytes);
        }
    }

    public static void Write(string path, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        => AtomicFile.Write(path, s => Write(s, tensors, metadata));

    /// <summary>Reads every tensor; <paramref name="source"/> names the file in error messages.</summary>
    public static (List<NamedTensor> Tensors, Dictionary<string, string> Metadata) Read(Stream stream, string source)
    {
        var header = ReadHeader(stream, source);
        var metadata = MetadataOf(header, source);
        var entries = new List<(string Name, string Dtype, int[] Shape, long Begin, long End)>();
        foreach (var (name, node) in header)
        {
            try
            {
                if (name == "__metadata__") continue;
                var o = ObjectOf(node, source, $"tensor '{name}'");
                var dtype = Field<string>(o["dtype"], source, name, "dtype");
                var shape = ArrayOf(o["shape"], source, name, "shape").Select(x => Field<int>(x, source, name, "shape")).ToArray();
                var offsets = ArrayOf(o["data_offsets"], source, name, "data_offsets").Select(x => Field<long>(x, source, name, "data_offsets")).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || shape.Any(d => d < 0))
                    throw new InvalidDataException($"{source}: tensor '{name}' has shape [{string.Join(",", shape)}] and data_offsets [{string.Join(",", offsets)}]; "
                        + "a shape has no negative size and data_offsets are [begin, end] with 0 <= begin <= end.");
                entries.Add((name, dtype, shape, offsets[0], offsets[1]));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{source}: safetensors header entry '{name}' has a field of the wrong type ({e.Message}).");
            }
        }
        entries.Sort((x, y) => x.Begin.CompareTo(y.Begin));
        var tensors = new List<NamedTensor>(entries.Count);
        long position = 0;
        foreach (var e in entries)
        {
            int width = DtypeWidth(e.Dtype, e.Name, source);
            long count = e.Shape.Aggregate(1L, (a, b) => a * b);
            if (e.End - e.Begin != count * width)
                throw new InvalidDataException($"{source}: tensor '{e.Name}' has shape [{string.Join(",", e.Shape)}] ({e.Dtype}) but {e.End - e.Begin} bytes.");
            if (e.Begin < position) throw new InvalidDataException($"{source}: tensor '{e.Name}' overlaps another tensor.");
            Skip(stream, e.Begin - position, source, e.Name);
            var raw = new byte[e.End - e.Begin];
            ReadExactly(stream, raw, source, $"tensor '{e.Name}'");
            position = e.End;
            tensors.Add(new NamedTensor(e.Name, e.Shape, Decode(raw, e.Dtype, (int)count)));
        }
        return (tensors, metadata);
    }

    public static (List<NamedTensor> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        using var s = File.OpenRead(path);
        return Read(s, path);
    }

    /// <summary>The "__metadata__" strings alone, read from the header without the tensor data.</summary>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        using var s = File.OpenRead(path);
        return MetadataOf(ReadHeader(s, path), path);
    }

    static JsonObject ReadHeader(Stream stream, string source)
    {
        Span<byte> len = stackalloc byte[8];
        ReadExactly(stream, len, source, "header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(len);
        if (headerLength == 0 || headerLength > MaxHeaderBytes)
            throw new InvalidDataException($"{source}: not a safetensors file (header length {headerLength}).");
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, source, "header");
        try { return JsonNode.Parse(headerBytes)?.AsObject() ?? throw new JsonException("empty header"); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: safetensors header is not valid JSON ({e.Message})."); }
    }

    static Dictionary<string, string> MetadataOf(JsonObject header, string source)
    {
        var metadata = new Dictionary<string, string>();
        if (header["__metadata__"] is { } node)
        {
            try
            {
                foreach (var (k, v) in ObjectOf(node, source, "__metadata__")) metadata[k] = Field<string>(v, source, "__metadata__", k);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{source}: safetensors header entry '__metadata__' has a field of the wrong type ({e.Message}).");
            }
        }
        return metadata;
    }

    static JsonObject ObjectOf(JsonNode? node, string source, string what) =>
        node as JsonObject ?? throw new InvalidDataException($"{source}: safetensors header entry {what} is not a JSON object.");

    static JsonArray ArrayOf(JsonNode? node, string source, string tensor, string field) =>
        node as JsonArray ?? throw new InvalidDataException($"{source}: tensor '{tensor}' has no {field} array.");

    static T Field<T>(JsonNode? node, string source, string tensor, string field) =>
        node is null ? throw new InvalidDataException($"{source}: '{tensor}' has no {field} (or a null one).") : node.GetValue<T>();

    static int DtypeWidth(string dtype, string name, string source) => dtype switch
    {
        "F32" => 4,
        "F16" or "BF16" => 2,
        _ => throw new InvalidDataException($"{source}: tensor '{name}' has dtype {dtype}; only F32, F16 and BF16 are supported."),
    };

    static float[] Decode(byte[] raw, string dtype, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = dtype switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(4 * i)),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(raw.AsSpan(2 * i)),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(2 * i)) << 16),
            };
        }
        return values;
    }

    static void ReadExactly(Stream s, Span<byte> buffer, string source, string what)
    {
        int read = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
            throw new InvalidDataException($"{source}: file is truncated while reading the {what} ({read} of {buffer.Length} bytes).");
    }

    static void Skip(Stream s, long bytes, string source, string name)
    {
        if (bytes == 0) return;
        var buffer = new byte[Math.Min(bytes, 1 << 16)];
        while (bytes > 0)
        {
            int n = (int)Math.Min(bytes, buffer.Length);
            ReadExactly(s, buffer.AsSpan(0, n), source, $"gap before tensor '{name}'");
            bytes -= n;
        }
    }
}
