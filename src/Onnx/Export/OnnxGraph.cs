using System.Runtime.InteropServices;

namespace Microsoft.ML.SemanticContext.Onnx.Export;

/// <summary>An ONNX tensor element type (TensorProto.DataType), for graph inputs and outputs.</summary>
enum OnnxType { Float = 1, Int64 = 7, Bool = 9 }

/// <summary>
/// Builds one ONNX graph (onnx.proto: GraphProto with NodeProto, TensorProto initializers and ValueInfoProto inputs and
/// outputs) and writes it as a ModelProto. Only the fields this exporter uses are written; field numbers are those of
/// onnx.proto3. Node outputs get unique names unless a graph output's name is asked for.
/// </summary>
sealed class OnnxGraph
{
    /// <summary>Opset 17: the first with LayerNormalization. IR version 8 is the one ONNX 1.12 pairs with opset 17.</summary>
    public const int Opset = 17;
    const int IrVersion = 8;

    readonly ProtoMessage graph = new();
    readonly Dictionary<string, int> counters = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> constants = new(StringComparer.Ordinal);  // value → initializer, so each constant is stored once

    public OnnxGraph(string name) => graph.String(GraphName, name);

    // onnx.proto3 field numbers.
    const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    const int AttributeName = 1, AttributeFloat = 2, AttributeInt = 3, AttributeInts = 8, AttributeType = 20;
    const int AttributeTypeFloat = 1, AttributeTypeInt = 2, AttributeTypeInts = 7;
    const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;
    const int ValueInfoName = 1, ValueInfoType = 2, TypeTensor = 1, TensorTypeElement = 1, TensorTypeShape = 2;
    const int ShapeDim = 1, DimValue = 1, DimParam = 2;
    const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelGraph = 7, ModelOpsetImport = 8, ModelMetadata = 14;
    const int OpsetDomain = 1, OpsetVersion = 2, EntryKey = 1, EntryValue = 2;

    /// <summary>A graph input; each dimension is a size (int) or a symbolic name (string).</summary>
    public string Input(string name, OnnxType type, params object[] dims)
    {
        graph.Message(GraphInput, ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>Declares the already computed value <paramref name="name"/> a graph output.</summary>
    public void Output(string name, OnnxType type, params object[] dims) => graph.Message(GraphOutput, ValueInfo(name, type, dims));

    /// <summary>A float initializer backed by <paramref name="data"/> (not copied: it is read when the model is written).</summary>
    public string Weight(string name, ReadOnlyMemory<float> data, params long[] dims)
    {
        if (dims.Aggregate(1L, (a, b) => a * b) != data.Length)
            throw new ArgumentException($"Initializer {name}: {data.Length} values do not fill the shape [{string.Join(", ", dims)}].");
        graph.Message(GraphInitializer, new ProtoMessage().PackedVarints(TensorDims, dims).Varint(TensorDataType, (int)OnnxType.Float)
            .String(TensorName, name).RawFloats(TensorRawData, data));
        return name;
    }

    /// <summary>A float scalar constant.</summary>
    public string Scalar(float value)
    {
        string key = $"float {value:R}";
        if (!constants.TryGetValue(key, out var name)) constants[key] = name = Weight(Unique("const"), new[] { value });
        return name;
    }

    /// <summary>An int64 constant: a scalar when <paramref name="scalar"/>, else a vector of <paramref name="values"/>.</summary>
    public string Int64s(long[] values, bool scalar = false)
    {
        if (scalar && values.Length != 1) throw new ArgumentException("A scalar holds one value.", nameof(values));
        string key = $"{(scalar ? "int64" : "int64[]")} {string.Join(",", values)}";
        if (constants.TryGetValue(key, out var name)) return name;
        constants[key] = name = Unique("const");
        graph.Message(GraphInitializer, new ProtoMessage().PackedVarints(TensorDims, scalar ? [] : [values.Length]).Varint(TensorDataType, (int)OnnxType.Int64)
            .String(TensorName, name).Bytes(TensorRawData, MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));
        return name;
    }

    /// <summary>Adds one node and returns its (first) output, named <paramref name="output"/> or uniquely after the op.</summary>
    public string Node(string opType, string[] inputs, Attribute[]? attributes = null, string? output = null)
    {
        output ??= Unique(opType);
        var node = new ProtoMessage();
        foreach (var input in inputs) node.String(NodeInput, input);
        node.String(NodeOutput, output).String(NodeName, output + "_node").String(NodeOpType, opType);
        foreach (var a in attributes ?? []) node.Message(NodeAttribute, a.ToProto());
        graph.Message(GraphNode, node);
        return output;
    }

    /// <summary>A node attribute: one int, one float, or a list of ints.</summary>
    public sealed record Attribute(string Name, long? Int = null, float? Float = null, long[]? Ints = null)
    {
        internal ProtoMessage ToProto()
        {
            var a = new ProtoMessage().String(AttributeName, Name);
            if (Int is long i) return a.Varint(AttributeInt, i).Varint(AttributeType, AttributeTypeInt);
            if (Float is float f) return a.Float(AttributeFloat, f).Varint(AttributeType, AttributeTypeFloat);
            return a.PackedVarints(AttributeInts, Ints ?? throw new InvalidOperationException($"Attribute {Name} has no value.")).Varint(AttributeType, AttributeTypeInts);
        }
    }

    /// <summary>Writes the model (opset <see cref="Opset"/> of the default domain) with string metadata.</summary>
    public void WriteModel(Stream stream, string producer, string producerVersion, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var model = new ProtoMessage()
            .Varint(ModelIrVersion, IrVersion)
            .String(ModelProducerName, producer)
            .String(ModelProducerVersion, producerVersion)
            .Message(ModelGraph, graph)
            .Message(ModelOpsetImport, new ProtoMessage().String(OpsetDomain, "").Varint(OpsetVersion, Opset));
        foreach (var (key, value) in metadata)
            model.Message(ModelMetadata, new ProtoMessage().String(EntryKey, key).String(EntryValue, value));
        model.WriteTo(stream);
    }

    static ProtoMessage ValueInfo(string name, OnnxType type, object[] dims)
    {
        var shape = new ProtoMessage();
        foreach (var d in dims)
            shape.Message(ShapeDim, d switch
            {
                int size => new ProtoMessage().Varint(DimValue, size),
                string symbol => new ProtoMessage().String(DimParam, symbol),
                _ => throw new ArgumentException($"A dimension is a size or a name, not {d}.", nameof(dims)),
            });
        var tensorType = new ProtoMessage().Varint(TensorTypeElement, (int)type).Message(TensorTypeShape, shape);
        return new ProtoMessage().String(ValueInfoName, name).Message(ValueInfoType, new ProtoMessage().Message(TypeTensor, tensorType));
    }

    string Unique(string prefix)
    {
        int n = counters.TryGetValue(prefix, out int c) ? c : 0;
        counters[prefix] = n + 1;
        return $"{prefix}_{n}";
    }
}
