using System.Diagnostics;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>Runs a program built next to the tests (a sample or the CLI) in its own process and captures its output.</summary>
public static class SampleProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(string dll, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        using var process = Start(dll, args, workingDirectory);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{dll} {string.Join(' ', args)} did not finish within {timeout}.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts the program with its standard input closed and its output redirected (read it, or it may block).</summary>
    public static Process Start(string dll, IEnumerable<string> args, string? workingDirectory = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, dll);
        Assert.True(File.Exists(path), $"{path} was not built next to the tests.");
        var start = new ProcessStartInfo("dotnet", [path, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }
}
