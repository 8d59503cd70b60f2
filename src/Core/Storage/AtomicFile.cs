namespace Microsoft.ML.SemanticContext.Storage;

/// <summary>
/// Writes a file through a temporary sibling and a rename, so a crash or an error never leaves a
/// half-written file in place of the old one.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        RequireFolderOf(path);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var s = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(s);
                s.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>
    /// Fails when the folder <paramref name="path"/> would go into does not exist; commands call it before any work so
    /// a long run does not end on a missing folder. <paramref name="what"/> names the path for the user (e.g. "--save-model").
    /// </summary>
    public static void RequireFolderOf(string path, string? what = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"Cannot write {(what is null ? "" : what + " ")}'{path}': the folder '{dir}' does not exist.");
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), leaveOpen: true); w.Write(text); });
}
