using System.Diagnostics;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Reporting;

/// <summary>Runs Debian's headless Chromium on a local file: a screenshot, or the DOM after rendering.</summary>
internal static class HeadlessChromium
{
    static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static string Executable =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured
        : Candidates.FirstOrDefault(File.Exists)
          ?? throw new InvalidOperationException(
              "Headless Chromium is needed to check the HTML report but none was found at " + string.Join(", ", Candidates) +
              ". Install it with `apt-get install -y chromium` or set CHROMIUM_PATH.");

    public static void Screenshot(string htmlPath, string pngPath, int width, int height) =>
        Run(htmlPath, $"--screenshot={pngPath}", $"--window-size={width},{height}");

    public static string DumpDom(string htmlPath) => Run(htmlPath, "--dump-dom");

    static string Run(string htmlPath, params string[] extra)
    {
        var profile = Directory.CreateTempSubdirectory("sctok-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            // No sandbox (tests may run as root in CI), no GPU, and nothing that reaches the network.
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile}" })
                start.ArgumentList.Add(a);
            foreach (var a in extra) start.ArgumentList.Add(a);
            start.ArgumentList.Add(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not finish rendering {htmlPath} within 90 s. stderr: {stderr.Result}");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"Chromium exited with {process.ExitCode} on {htmlPath}. stderr: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
