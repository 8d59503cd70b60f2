using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Cli;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>
/// What <c>sctok</c> prints when something is wrong, each case in its own process: the project's own input errors are
/// one <c>error:</c> line naming the file (or the option as typed) with exit 1 (2 for usage), and a bug keeps its
/// stack trace.
/// </summary>
public class CliErrorTests
{
    static SampleProcess.Result Sctok(params string[] args) => SampleProcess.Run("sctok.dll", args, TimeSpan.FromMinutes(3));

    static readonly Lazy<(string Dir, string Corpus, string Model)> Trained = new(() =>
    {
        var dir = TestPaths.TempDir();
        var corpus = Path.Combine(dir, "stories.txt");
        StorySynthesizer.WriteCorpus(corpus, stories: 40, seed: 3);
        var model = Path.Combine(dir, "lm.zip");
        var train = Sctok("train", corpus, "-o", model, "--preset", "32:2:2", "--vocab-size", "300", "--seq-len", "32", "--max-steps", "2", "--threads", "1");
        Assert.True(train.ExitCode == 0, train.Stderr);
        return (dir, corpus, model);
    });

    /// <summary>Exactly one line on stderr, "error: ...", and no stack frame.</summary>
    static string OneErrorLine(SampleProcess.Result result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}: {result.Stderr}");
        var lines = result.Stderr.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("info:", StringComparison.Ordinal) && !l.StartsWith('[')).ToList();
        Assert.True(lines.Count == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal), result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        return lines[0];
    }

    /// <summary>A copy of the model archive with the entry ending in <paramref name="suffix"/> rewritten.</summary>
    static string Tampered(string name, string suffix, Func<byte[], byte[]> edit)
    {
        var path = Path.Combine(TestPaths.TempDir(), name);
        File.Copy(Trained.Value.Model, path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(suffix, StringComparison.Ordinal));
        byte[] content;
        using (var s = entry.Open()) { var m = new MemoryStream(); s.CopyTo(m); content = m.ToArray(); }
        var entryName = entry.FullName;
        entry.Delete();
        using (var s = zip.CreateEntry(entryName).Open()) s.Write(edit(content));
        return path;
    }

    /// <summary>A safetensors file with its JSON header changed by <paramref name="edit"/> (data unchanged).</summary>
    static byte[] WithHeader(byte[] safetensors, Action<JsonObject> edit)
    {
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(safetensors);
        var header = JsonNode.Parse(safetensors.AsSpan(8, length))!.AsObject();
        edit(header);
        var bytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        var result = new byte[8 + bytes.Length + safetensors.Length - 8 - length];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)bytes.Length);
        bytes.CopyTo(result, 8);
        safetensors.AsSpan(8 + length).CopyTo(result.AsSpan(8 + bytes.Length));
        return result;
    }

    [Fact]
    public void OptionErrorsNameTheOptionAsTypedAndExitWithTwo()
    {
        var (_, corpus, _) = Trained.Value;
        var output = Path.Combine(TestPaths.TempDir(), "lm.zip");
        Assert.Equal("error: --batch must be positive, not 0.", OneErrorLine(Sctok("train", corpus, "-o", output, "--batch", "0"), 2));
        Assert.Equal("error: --threads must be at least 1, not 0.", OneErrorLine(Sctok("train", corpus, "-o", output, "--threads", "0"), 2));
        Assert.StartsWith("error: --preset 'huge' is not a model preset.", OneErrorLine(Sctok("train", corpus, "-o", output, "--preset", "huge"), 2));
        Assert.Equal("error: --top-p must lie in (0, 1], not 2.", OneErrorLine(Sctok("generate", "--model", Trained.Value.Model, "--prompt", "Hi", "--top-p", "2"), 2));
        Assert.Equal("error: --k must be at least 2, not 1.", OneErrorLine(Sctok("annotate", corpus, "-o", output + ".txt", "--k", "1"), 2));
        var unparsable = Sctok("train", corpus, "-o", output, "--batch", "abc");
        Assert.Equal(CliErrors.BadUsage, unparsable.ExitCode);
        Assert.Contains("--batch", unparsable.Stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void ADivergingRunIsOneLine()
    {
        var (_, corpus, _) = Trained.Value;
        var line = OneErrorLine(Sctok("train", corpus, "-o", Path.Combine(TestPaths.TempDir(), "lm.zip"), "--preset", "32:2:2",
            "--vocab-size", "300", "--seq-len", "32", "--max-steps", "3", "--threads", "1", "--lr", "1e30"), 1);
        Assert.StartsWith("error: Training diverged at step ", line);
    }

    [Fact]
    public void ABrokenTokenizerInsideAnArchiveIsNamedByTheArchiveAndItsEntry()
    {
        var model = Tampered("merges.zip", "tokenizer/merges.txt", _ => Encoding.UTF8.GetBytes("#version: 0.2\nabc\n"));
        var line = OneErrorLine(Sctok("generate", "--model", model, "--prompt", "Hi"), 1);
        Assert.StartsWith($"error: {model}:stage_00_CausalLm/tokenizer/merges.txt, line 2: ", line);
        Assert.DoesNotContain(Path.GetTempPath() + "sctok-tokenizer", line);
    }

    [Fact]
    public void WeightsWithoutDataOffsetsOrWithNaNAreNamed()
    {
        var noOffsets = Tampered("offsets.zip", "model.safetensors", b => WithHeader(b, h => h["transformer.wpe.weight"]!.AsObject().Remove("data_offsets")));
        Assert.Equal($"error: {noOffsets}:stage_00_CausalLm/model.safetensors: tensor 'transformer.wpe.weight' has no data_offsets array.",
            OneErrorLine(Sctok("generate", "--model", noOffsets, "--prompt", "Hi"), 1));

        var nan = Tampered("nan.zip", "model.safetensors", b =>
        {
            var (tensors, metadata) = SafeTensors.Read(new MemoryStream(b), "weights");
            var target = tensors.Single(t => t.Name == "transformer.ln_f.weight");
            Array.Fill(target.Data, float.NaN);
            var written = new MemoryStream();
            SafeTensors.Write(written, tensors, metadata);
            return written.ToArray();
        });
        Assert.Equal($"error: {nan}:stage_00_CausalLm/model.safetensors: tensor 'transformer.ln_f.weight' holds NaN at index 0; weights must be finite numbers.",
            OneErrorLine(Sctok("perplexity", "--model", nan, Trained.Value.Corpus), 1));
    }

    [Fact]
    public void AZipBombIsRefusedByItsDeclaredSizeNamingTheEntry()
    {
        // 120 MiB of zeros deflate to about 120 KB; the model's config needs weights of about 0.4 MB.
        var bomb = Tampered("bomb.zip", "model.safetensors", _ => new byte[120 << 20]);
        Assert.Equal($"error: {bomb}: entry 'stage_00_CausalLm/model.safetensors' declares 125,829,120 bytes, more than the 100,401,672 it may hold.",
            OneErrorLine(Sctok("generate", "--model", bomb, "--prompt", "Hi"), 1));
    }

    [Fact]
    public void AHuggingFaceConfigTooLargeForOneBufferIsOneLine()
    {
        var folder = Path.Combine(TestPaths.TempDir(), "hf");
        Assert.Equal(0, Sctok("export", "--model", Trained.Value.Model, "-o", folder).ExitCode);
        var configPath = Path.Combine(folder, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["max_position_embeddings"] = 2_000_000_000;
        File.WriteAllText(configPath, config.ToJsonString());
        var line = OneErrorLine(Sctok("generate", "--model", folder, "--prompt", "Hi"), 1);
        Assert.StartsWith($"error: {configPath}: Invalid GPT-Neo configuration: ", line);
        Assert.Contains("parameters do not fit in one buffer", line);
    }

    [Fact]
    public void ATamperedCheckpointIsNamedWhenResuming()
    {
        var (_, corpus, _) = Trained.Value;
        var model = Path.Combine(TestPaths.TempDir(), "lm.zip");
        string[] train = ["train", corpus, "-o", model, "--preset", "32:2:2", "--vocab-size", "300", "--seq-len", "32", "--threads", "1"];
        Assert.Equal(0, Sctok([.. train, "--max-steps", "2"]).ExitCode);
        var state = Path.Combine(model + ".checkpoint", "training-state.safetensors");
        File.WriteAllBytes(state, WithHeader(File.ReadAllBytes(state), h => h["__metadata__"]!["step"] = "x2"));
        Assert.Equal($"error: {state}: metadata 'step' is 'x2', not a number of type Int32.",
            OneErrorLine(Sctok([.. train, "--max-steps", "4", "--resume"]), 1));
    }

    [Fact]
    public async Task OnlyTheProjectsInputErrorsAreShortenedAndABugKeepsItsStackTrace()
    {
        Assert.Equal(CliErrors.BadInput, await CliErrors.RunAsync(() => throw new InvalidInputException("bad file")));
        Assert.Equal(CliErrors.BadInput, await CliErrors.RunAsync(() => throw new InvalidDataException("bad file")));
        Assert.Equal(CliErrors.BadUsage, await CliErrors.RunAsync(() => throw new InvalidOptionException("BatchSize", "must be positive, not 0.")));
        foreach (var bug in new Exception[] { new ArgumentException("bug"), new InvalidOperationException("bug"), new NullReferenceException(),
            new IndexOutOfRangeException(), new OverflowException(), new FormatException() })
            Assert.Same(bug, await Assert.ThrowsAnyAsync<Exception>(() => CliErrors.RunAsync(() => throw bug)));
    }
}
