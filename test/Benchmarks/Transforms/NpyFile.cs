using System.Text;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Benchmarks.Transforms;

/// <summary>Writes a float32 matrix [rows, columns] as a NumPy .npy file (format 1.0) so Python peers read the same vectors.</summary>
static class NpyFile
{
    public static void Write(string path, float[] values, int rows, int columns)
    {
        if ((long)rows * columns != values.Length) throw new ArgumentException($"{values.Length} values are not [{rows}, {columns}].");
        string header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {columns}), }}";
        // Magic (6) + version (2) + header length (2) + header + '\n' is padded to a multiple of 64 bytes.
        int total = (10 + header.Length + 1 + 63) / 64 * 64;
        header = header.PadRight(total - 10 - 1) + "\n";
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
            writer.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            writer.Write((ushort)header.Length);
            writer.Write(Encoding.ASCII.GetBytes(header));
            foreach (float v in values) writer.Write(v); // BinaryWriter writes little-endian
        });
    }
}
