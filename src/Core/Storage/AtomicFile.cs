namespace Microsoft.ML.SemanticContext.Storage;

/// <summary>
/// Writes a file through a temporary sibling and a rename, so a crash or an error never leaves a
/// half-written file in place of the old one. Through a symbolic link the file it points to is replaced (the link
/// stays); a device or FIFO (e.g. /dev/null) is written in place, since renaming over it would replace the device.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        RequireFolderOf(path);
        var full = FileIdentity.RealPath(path);
        if (FileIdentity.IsSpecialFile(full))
        {
            using var device = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            write(device);
            return;
        }
        var dir = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        RemoveStaleTemporaries(dir, name);
        var temp = Path.Combine(dir, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
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
    /// Deletes the temporaries a killed writer of the same file left (<c>.name.pid.guid.tmp</c> whose process is gone);
    /// those of a live process are another writer's, still at work.
    /// </summary>
    static void RemoveStaleTemporaries(string dir, string name)
    {
        foreach (var temp in Directory.EnumerateFiles(dir, $".{name}.*.tmp"))
        {
            var parts = Path.GetFileName(temp)[(name.Length + 2)..].Split('.');
            if (parts.Length != 3 || !int.TryParse(parts[0], out int pid) || IsRunning(pid)) continue;
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    static bool IsRunning(int pid)
    {
        try { using var process = System.Diagnostics.Process.GetProcessById(pid); return !process.HasExited; }
        catch (ArgumentException) { return false; }
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
