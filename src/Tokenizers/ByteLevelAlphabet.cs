namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// GPT-2's reversible byte ↔ character mapping (<c>bytes_to_unicode</c> in OpenAI's encoder.py). Token strings in
/// vocab.json and merges.txt spell every byte as one printable character, so that no token contains a space
/// or a control character: printable Latin-1 bytes map to themselves, the other 68 bytes to U+0100 upwards
/// (the space 0x20 becomes 'Ġ' U+0120, the newline 0x0A becomes 'Ċ' U+010A).
/// </summary>
internal static class ByteLevelAlphabet
{
    /// <summary>Character that spells each byte, indexed by byte value.</summary>
    public static readonly char[] CharOfByte = BuildCharOfByte();

    /// <summary>Byte spelled by each character below U+0144, or -1 for characters outside the alphabet.</summary>
    static readonly short[] ByteOfChar = BuildByteOfChar();

    static bool TryGetByte(char c, out byte value)
    {
        if (c < ByteOfChar.Length && ByteOfChar[c] >= 0)
        {
            value = (byte)ByteOfChar[c];
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>Spells bytes as a token string of the alphabet.</summary>
    public static string Spell(ReadOnlySpan<byte> bytes)
    {
        var chars = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) chars[i] = CharOfByte[bytes[i]];
        return new string(chars);
    }

    /// <summary>Reads a token string back into bytes; on failure <paramref name="badIndex"/> is its first character outside the alphabet.</summary>
    public static bool TryRead(string token, out byte[] bytes, out int badIndex)
    {
        bytes = new byte[token.Length];
        for (badIndex = 0; badIndex < token.Length; badIndex++)
        {
            if (!TryGetByte(token[badIndex], out bytes[badIndex])) return false;
        }
        badIndex = -1;
        return true;
    }

    static char[] BuildCharOfByte()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    static short[] BuildByteOfChar()
    {
        var map = new short[256 + 68];
        Array.Fill(map, (short)-1);
        for (var b = 0; b < 256; b++) map[CharOfByte[b]] = (short)b;
        return map;
    }
}
