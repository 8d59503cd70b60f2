namespace Microsoft.ML.SemanticContext.Storage;

/// <summary>
/// The files one run writes, checked before any work starts and locked while it runs: each output's folder exists and
/// is writable, no output is a folder, none is one of the run's inputs or another of its outputs (compared as real
/// paths, after symbolic links), and no other run is writing it. Names are as the user knows them (e.g. "--output").
/// </summary>
public sealed class OutputFiles : IDisposable
{
    readonly List<FileStream> _locks;

    OutputFiles(List<FileStream> locks) => _locks = locks;

    /// <summary>
    /// Checks <paramref name="outputs"/> against each other and <paramref name="inputs"/> (null paths are skipped) and
    /// locks each output until disposed; a second run claiming one of them fails with a message naming it.
    /// </summary>
    public static OutputFiles Claim(IEnumerable<(string Name, string? Path)> outputs, IEnumerable<(string Name, string? Path)> inputs)
    {
        var real = outputs.Where(o => o.Path is not null).Select(o => (o.Name, o.Path!, Real: FileIdentity.RealPath(o.Path!))).ToList();
        var sources = inputs.Where(i => i.Path is not null).Select(i => (i.Name, i.Path!, Real: FileIdentity.RealPath(i.Path!))).ToList();
        for (int i = 0; i < real.Count; i++)
        {
            var (name, path, full) = real[i];
            if (Directory.Exists(full)) throw new InvalidOptionException(name, $"'{path}' is a folder; name a file to write.");
            foreach (var (inputName, inputPath, inputFull) in sources)
                if (SamePath(full, inputFull))
                    throw new InvalidOptionException(name, $"'{path}' is also the {inputName} '{inputPath}'; writing it would destroy that input. Choose another file.");
            foreach (var (otherName, otherPath, otherFull) in real.Take(i))
                if (SamePath(full, otherFull))
                    throw new InvalidOptionException(name, $"'{path}' is also {otherName} '{otherPath}'; one would overwrite the other. Choose another file.");
            AtomicFile.RequireFolderOf(full, name);
        }
        var locks = new List<FileStream>();
        try
        {
            foreach (var (name, path, full) in real)
                if (!FileIdentity.IsSpecialFile(full)) locks.Add(Lock(name, path, full));
        }
        catch
        {
            foreach (var l in locks) l.Dispose();
            throw;
        }
        return new OutputFiles(locks);
    }

    /// <summary>Whether <paramref name="path"/> (after symbolic links) is a device, FIFO or socket, e.g. /dev/null.</summary>
    public static bool IsSpecialFile(string path) => FileIdentity.IsSpecialFile(FileIdentity.RealPath(path));

    static bool SamePath(string a, string b) => string.Equals(a, b, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An exclusive lock on a hidden sibling (<c>.name.lock</c>), which also proves the folder writable. The kernel
    /// drops the lock when a killed run exits, so a leftover lock file never blocks the next run.
    /// </summary>
    static FileStream Lock(string name, string path, string full)
    {
        var dir = Path.GetDirectoryName(full)!;
        var lockPath = Path.Combine(dir, $".{Path.GetFileName(full)}.lock");
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (UnauthorizedAccessException)
        {
            throw new UnauthorizedAccessException($"Cannot write {name} '{path}': the folder '{dir}' is not writable.");
        }
        catch (IOException) when (File.Exists(lockPath))
        {
            throw new IOException($"Cannot write {name} '{path}': another run is writing it (it holds '{lockPath}'). Wait for it to finish or choose another file.");
        }
    }

    public void Dispose()
    {
        foreach (var l in _locks) l.Dispose();
        _locks.Clear();
    }
}
