namespace Microsoft.ML.SemanticContext.Storage;

/// <summary>
/// Writes a whole folder in a temporary sibling and renames it into place, so a failed write leaves nothing half
/// written. The folder must not exist or be empty: files of another model would mix with the new ones.
/// </summary>
public static class AtomicFolder
{
    /// <param name="directory">The folder to create (or fill, when it exists and is empty).</param>
    /// <param name="what">What the folder is, for messages (e.g. "the export folder").</param>
    /// <param name="fill">Writes the files into the temporary folder it is given.</param>
    public static void Write(string directory, string what, Action<string> fill)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));  // "out/" names the folder out
        RequireNewOrEmpty(directory);
        AtomicFile.RequireFolderOf(target, what);
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temporary);
        try
        {
            fill(temporary);
            if (Directory.Exists(target)) Directory.Delete(target);
            Directory.Move(temporary, target);
        }
        catch
        {
            try { Directory.Delete(temporary, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>Throws unless <paramref name="directory"/> is absent or an empty folder; commands call it before any work.</summary>
    public static void RequireNewOrEmpty(string directory)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (File.Exists(target)) throw new IOException($"Cannot export to '{directory}': it is a file.");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new IOException($"Cannot export to '{directory}': the folder is not empty (its files were left as they are); export into a new or empty folder.");
    }
}
