using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Microsoft.ML.SemanticContext.Onnx.Export;

/// <summary>
/// One Protocol Buffers message in the wire format, with only the field kinds an ONNX file needs: varints, a fixed32
/// float, and length-delimited fields (strings, raw bytes, raw little-endian floats, packed varints, nested messages).
/// A message is a list of fields whose sizes are known before anything is written, so a nested message's length prefix
/// is computed, not buffered, and a weight tensor is streamed straight from the parameter buffer without a copy.
/// </summary>
sealed class ProtoMessage
{
    const int VarintWire = 0, Fixed32Wire = 5, LengthDelimitedWire = 2;

    readonly List<Field> fields = new();
    long? size;

    abstract record Field(int Number)
    {
        public abstract int WireType { get; }
        /// <summary>Bytes after the tag: the varint, the 4 float bytes, or the length prefix and the payload.</summary>
        public abstract long BodySize { get; }
        public abstract void WriteBody(Stream stream);
    }

    sealed record VarintField(int Number, ulong Value) : Field(Number)
    {
        public override int WireType => VarintWire;
        public override long BodySize => VarintSize(Value);
        public override void WriteBody(Stream stream) => WriteVarint(stream, Value);
    }

    sealed record Fixed32Field(int Number, float Value) : Field(Number)
    {
        public override int WireType => Fixed32Wire;
        public override long BodySize => 4;
        public override void WriteBody(Stream stream)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(bytes, Value);
            stream.Write(bytes);
        }
    }

    /// <summary>A length-delimited field whose payload size is known up front.</summary>
    abstract record DelimitedField(int Number) : Field(Number)
    {
        public override int WireType => LengthDelimitedWire;
        public abstract long PayloadSize { get; }
        public override long BodySize => VarintSize((ulong)PayloadSize) + PayloadSize;
        public override void WriteBody(Stream stream)
        {
            WriteVarint(stream, (ulong)PayloadSize);
            WritePayload(stream);
        }
        protected abstract void WritePayload(Stream stream);
    }

    sealed record BytesField(int Number, ReadOnlyMemory<byte> Value) : DelimitedField(Number)
    {
        public override long PayloadSize => Value.Length;
        protected override void WritePayload(Stream stream) => stream.Write(Value.Span);
    }

    sealed record FloatsField(int Number, ReadOnlyMemory<float> Value) : DelimitedField(Number)
    {
        public override long PayloadSize => Value.Length * 4L;
        protected override void WritePayload(Stream stream) => stream.Write(MemoryMarshal.AsBytes(Value.Span));
    }

    sealed record PackedVarintsField(int Number, long[] Values) : DelimitedField(Number)
    {
        public override long PayloadSize => Values.Sum(v => (long)VarintSize((ulong)v));
        protected override void WritePayload(Stream stream)
        {
            foreach (long v in Values) WriteVarint(stream, (ulong)v);
        }
    }

    sealed record MessageField(int Number, ProtoMessage Value) : DelimitedField(Number)
    {
        public override long PayloadSize => Value.Size;
        protected override void WritePayload(Stream stream) => Value.WriteTo(stream);
    }

    /// <summary>An int32, int64 or enum field (negative values take ten bytes, as protobuf's int64 encoding says).</summary>
    public ProtoMessage Varint(int field, long value) => Add(new VarintField(field, (ulong)value));

    public ProtoMessage Float(int field, float value) => Add(new Fixed32Field(field, value));

    public ProtoMessage String(int field, string value) => Add(new BytesField(field, Encoding.UTF8.GetBytes(value)));

    public ProtoMessage Bytes(int field, ReadOnlyMemory<byte> value) => Add(new BytesField(field, value));

    /// <summary>Floats as raw little-endian bytes in one bytes field (ONNX's TensorProto.raw_data).</summary>
    public ProtoMessage RawFloats(int field, ReadOnlyMemory<float> value) => Add(new FloatsField(field, value));

    /// <summary>A repeated int64 field, packed.</summary>
    public ProtoMessage PackedVarints(int field, long[] values) => Add(new PackedVarintsField(field, values));

    public ProtoMessage Message(int field, ProtoMessage value) => Add(new MessageField(field, value));

    /// <summary>Encoded length in bytes; computed once, so a message must not change after it is first measured.</summary>
    public long Size => size ??= fields.Sum(f => VarintSize(Tag(f)) + f.BodySize);

    public void WriteTo(Stream stream)
    {
        foreach (var f in fields)
        {
            WriteVarint(stream, Tag(f));
            f.WriteBody(stream);
        }
    }

    ProtoMessage Add(Field field)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; this writer runs on little-endian machines only.");
        if (size is not null) throw new InvalidOperationException("A message cannot change after its size was computed.");
        fields.Add(field);
        return this;
    }

    static ulong Tag(Field f) => ((ulong)f.Number << 3) | (uint)f.WireType;

    static int VarintSize(ulong value)
    {
        int n = 1;
        while (value >= 0x80) { value >>= 7; n++; }
        return n;
    }

    static void WriteVarint(Stream stream, ulong value)
    {
        Span<byte> bytes = stackalloc byte[10];
        int n = 0;
        while (value >= 0x80)
        {
            bytes[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        bytes[n++] = (byte)value;
        stream.Write(bytes[..n]);
    }
}
