using System.Diagnostics;
using System.Text.Json;

namespace Microsoft.ML.SemanticContext.Benchmarks.Trainers;

/// <summary>Runs a peer script under Debian's /usr/bin/python3 (which has torch) and reads the JSON line it prints last.</summary>
static class PythonPeer
{
    const string Python = "/usr/bin/python3";

    public static JsonElement Run(string script, string arguments)
    {
        var path = Path.Combine(RepoPaths.Root, "build", "peers", script);
        var start = new ProcessStartInfo(Python, $"{path} {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {Python}.");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}: {stderr.Result}");
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonDocument.Parse(last).RootElement.Clone();
    }
}

/// <summary>The few command-line options the trainer benchmarks share.</summary>
static class BenchmarkArgs
{
    public static string String(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public static int Int(string[] args, string name, int fallback) => int.Parse(String(args, name, fallback.ToString()));
}
