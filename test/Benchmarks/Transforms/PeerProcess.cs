using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Microsoft.ML.SemanticContext.Benchmarks.Transforms;

/// <summary>Runs a Python peer script with Debian's /usr/bin/python3 and parses the JSON line it prints last.</summary>
static class PeerProcess
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The peer's JSON result and the wall time of the whole process (interpreter start and imports included).</summary>
    public static (JsonObject Result, double ProcessSeconds) Run(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "build", "peers", script));
        foreach (var a in arguments) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} exited with {process.ExitCode}:\n{stderr.Result}");
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"{script} printed nothing.");
        return (JsonNode.Parse(last)!.AsObject(), seconds);
    }
}
