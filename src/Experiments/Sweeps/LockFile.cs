namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>
/// An exclusive lock on a file (<c>flock</c> through <see cref="FileShare.None"/>), held while the object lives. The
/// kernel drops it when the holder dies, even by kill -9, so a trial whose process died is free to be claimed again;
/// the file itself stays (deleting it would let two processes lock two different files of the same name).
/// </summary>
public sealed class LockFile : IDisposable
{
    readonly FileStream _stream;

    LockFile(FileStream stream) => _stream = stream;

    /// <summary>The lock, or null when another live process holds it.</summary>
    public static LockFile? TryTake(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new LockFile(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1));
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>Waits for the lock (polling: .NET takes file locks without blocking), until <paramref name="cancellation"/> fires.</summary>
    public static LockFile Take(string path, CancellationToken cancellation)
    {
        while (true)
        {
            if (TryTake(path) is { } taken) return taken;
            cancellation.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200));
            cancellation.ThrowIfCancellationRequested();
        }
    }

    public void Dispose() => _stream.Dispose();
}
