using System.Buffers;
using System.Text.Unicode;

namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// The bytes a byte-level BPE sees for a piece of text: UTF-8, except that a lone surrogate is written as the
/// three bytes of its own code unit (ED A0 80 for U+D800) instead of U+FFFD. That is what Microsoft.ML.Tokenizers'
/// GPT-2 tokenizer encodes, so ids stay identical on malformed UTF-16 too; such bytes decode back as U+FFFD.
/// </summary>
internal static class TextBytes
{
    /// <summary>Enough room for the bytes of <paramref name="charCount"/> code units, whatever they are.</summary>
    public static int MaxByteCount(int charCount) => 3 * charCount;

    /// <summary>Writes the bytes of <paramref name="text"/> into <paramref name="destination"/> (at least <see cref="MaxByteCount"/> long) and returns their count.</summary>
    public static int Write(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var written = 0;
        while (true)
        {
            var status = Utf8.FromUtf16(text, destination[written..], out var read, out var count, replaceInvalidSequences: false);
            written += count;
            if (status == OperationStatus.Done) return written;
            if (status != OperationStatus.InvalidData)
                throw new ArgumentException($"Destination of {destination.Length} bytes is too small.", nameof(destination));
            // text[read] is a lone surrogate: 1110zzzz 10yyyyyy 10xxxxxx of its 16 bits.
            int unit = text[read];
            destination[written++] = (byte)(0xE0 | (unit >> 12));
            destination[written++] = (byte)(0x80 | ((unit >> 6) & 0x3F));
            destination[written++] = (byte)(0x80 | (unit & 0x3F));
            text = text[(read + 1)..];
        }
    }

    public static byte[] Of(ReadOnlySpan<char> text)
    {
        var buffer = text.Length <= 256 ? stackalloc byte[MaxByteCount(text.Length)] : new byte[MaxByteCount(text.Length)];
        return buffer[..Write(text, buffer)].ToArray();
    }
}
