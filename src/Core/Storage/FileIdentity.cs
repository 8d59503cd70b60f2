using System.Runtime.InteropServices;

namespace Microsoft.ML.SemanticContext.Storage;

/// <summary>
/// What a path really names: the real path after every symbolic link on the way (so two spellings of one file compare
/// equal), and whether an existing path is a special file (a device such as /dev/null, a FIFO or a socket) that must be
/// written in place rather than replaced by a rename.
/// </summary>
static partial class FileIdentity
{
    /// <summary>The absolute path with every symbolic link resolved, the last component too; it need not exist.</summary>
    public static string RealPath(string path) => Resolve(Path.GetFullPath(path), depth: 0);

    static string Resolve(string full, int depth)
    {
        // 40 is Linux's own limit on links followed in one lookup (ELOOP).
        if (depth > 40) throw new IOException($"Too many levels of symbolic links in '{full}'.");
        var root = Path.GetPathRoot(full)!;
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            current = Path.Combine(current, parts[i]);
            if (new FileInfo(current).LinkTarget is not { } target) continue;
            var resolved = Path.GetFullPath(target, Path.GetDirectoryName(current)!);
            var rest = parts.Length > i + 1 ? Path.Combine(parts[(i + 1)..]) : "";
            return Resolve(rest.Length == 0 ? resolved : Path.Combine(resolved, rest), depth + 1);
        }
        return current;
    }

    /// <summary>Whether <paramref name="path"/> exists and is neither a regular file nor a folder (Linux; false elsewhere).</summary>
    public static bool IsSpecialFile(string path)
    {
        if (!OperatingSystem.IsLinux()) return false;
        // struct statx has the same layout on every Linux architecture: stx_mode is the u16 at byte 28.
        var buffer = new byte[256];
        if (Statx(AtCurrentDirectory, path, 0, StatxType, buffer) != 0) return false;
        int type = MemoryMarshal.Read<ushort>(buffer.AsSpan(28)) & FileTypeMask;
        return type is not (RegularFile or Directory);
    }

    const int AtCurrentDirectory = -100, FileTypeMask = 0xF000, RegularFile = 0x8000, Directory = 0x4000;
    const uint StatxType = 1;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte[] buffer);
}
