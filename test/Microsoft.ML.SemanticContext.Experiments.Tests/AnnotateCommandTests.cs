using System.Text;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>
/// <c>sctok annotate</c> end to end, in its own process: the exit code, the message on stderr, and that a failed run
/// leaves no output file behind.
/// </summary>
public class AnnotateCommandTests
{
    static readonly string[] Stories =
    [
        "Tom had a red ball. He threw it high. The ball flew over the fence. Tom was sad.",
        "Lily saw a cat. The cat was hungry. She gave it some milk. The cat purred happily.",
        "Ben built a sand castle. A wave came and broke it. Ben laughed and built it again. It was even bigger.",
        "Mia found a shiny stone. She showed it to her mom. Mom said it was very pretty. Mia kept it in a box.",
        "Sam wanted to fly a kite. The wind was strong. The kite went up into the sky. Sam cheered loudly.",
        "Anna lost her hat. She looked under the bed. Her dog had taken it. Anna hugged her silly dog.",
    ];

    static SampleProcess.Result Sctok(params string[] args) => SampleProcess.Run("sctok.dll", args, TimeSpan.FromMinutes(3));

    static string WriteCorpus(string dir, string name, byte[] content)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    static byte[] Separated(IEnumerable<string> stories) => Encoding.UTF8.GetBytes(string.Join("\n<|endoftext|>\n", stories) + "\n");

    [Fact]
    public void AnnotatesSavesTheModelAndReusesIt()
    {
        var dir = TestPaths.TempDir();
        var input = WriteCorpus(dir, "stories.txt", Separated(Stories));
        var output = Path.Combine(dir, "out.txt");
        var model = Path.Combine(dir, "annotator.zip");
        var first = Sctok("annotate", input, "-o", output, "--k", "3", "--sentences", "1", "--save-model", model);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var annotated = File.ReadAllText(output);
        Assert.Equal(Stories.Length * 4, System.Text.RegularExpressions.Regex.Matches(annotated, @"<cluster_[0-2]>").Count);

        var second = Path.Combine(dir, "again.txt");
        var reused = Sctok("annotate", input, "-o", second, "--model", model);
        Assert.True(reused.ExitCode == 0, reused.Stderr);
        Assert.Equal(annotated, File.ReadAllText(second));
    }

    public static TheoryData<string, byte[], string[], string> BadInputs => new()
    {
        { "empty.txt", [], [], "no stories" },
        { "separators.txt", Encoding.UTF8.GetBytes("<|endoftext|>\n<|endoftext|>\n"), [], "no stories" },
        { "bad-utf8.txt", [.. Encoding.UTF8.GetBytes("A fine story.\n<|endoftext|>\nBad "), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(" bytes.\n")], [], "bad-utf8.txt:3:5: invalid UTF-8" },
        { "utf16.txt", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("A fine story.\n<|endoftext|>\nAnother.\n")], [], "utf16.txt: the file is UTF-16 text; only UTF-8 is supported" },
        { "nul.txt", [.. Encoding.UTF8.GetBytes("A fine story.\n<|endoftext|>\nNUL "), 0, .. Encoding.UTF8.GetBytes(" here.\n")], [], "nul.txt:3:5: NUL byte" },
        { "few.txt", Separated(Stories.Take(1)), ["--k", "50"], "50" },
        { "placement.txt", Separated(Stories), ["--placement", "middle"], "--placement must be 'prepend' or 'postpend'" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputFailsClearlyAndWritesNothing(string name, byte[] content, string[] extra, string expected)
    {
        var dir = TestPaths.TempDir();
        var input = WriteCorpus(dir, name, content);
        var output = Path.Combine(dir, "out.txt");
        var result = Sctok(["annotate", input, "-o", output, .. extra]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.StartsWith("error: ", result.Stderr.Split('\n').Last(l => l.Length > 0));
        Assert.Equal([input], Directory.GetFiles(dir));
    }

    [Fact]
    public void OutputInAMissingFolderIsNamed()
    {
        var dir = TestPaths.TempDir();
        var input = WriteCorpus(dir, "stories.txt", Separated(Stories));
        var result = Sctok("annotate", input, "-o", Path.Combine(dir, "missing", "out.txt"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("missing", result.Stderr);
        Assert.Contains("does not exist", result.Stderr);
    }

    [Fact]
    public void StoriesWithoutSentenceEndsAndAOneMegabyteStoryAreAnnotated()
    {
        var dir = TestPaths.TempDir();
        var words = "the little dog ran to the park and played with a ball all day long".Split(' ');
        var huge = string.Join(' ', Enumerable.Range(0, 200_000).Select(i => words[i % words.Length])); // ~1 MB, no punctuation at all
        var stories = Stories.Append("once upon a time there was a girl who liked to sing songs with her friends").Append(huge);
        var input = WriteCorpus(dir, "stories.txt", Separated(stories));
        var output = Path.Combine(dir, "out.txt");
        var result = Sctok("annotate", input, "-o", output, "--k", "3");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var annotated = File.ReadAllText(output).Split("<|endoftext|>");
        Assert.Equal(Stories.Length + 2, annotated.Length);
        // The unpunctuated megabyte is split into many bounded chunks, each with its token.
        Assert.True(System.Text.RegularExpressions.Regex.Matches(annotated[^1], "<cluster_").Count > 100);
        Assert.Equal(huge, ClusterTokens.Strip(annotated[^1]).Trim());
    }

    [Fact]
    public void FittingFlagsWithASavedPipelineAreRefused()
    {
        var dir = TestPaths.TempDir();
        var input = WriteCorpus(dir, "stories.txt", Separated(Stories));
        var model = Path.Combine(dir, "annotator.zip");
        Assert.Equal(0, Sctok("annotate", input, "-o", Path.Combine(dir, "first.txt"), "--k", "3", "--save-model", model).ExitCode);
        foreach (var flag in new[] { new[] { "--k", "4" }, ["--sentences", "1"], ["--placement", "postpend"] })
        {
            var output = Path.Combine(dir, "second.txt");
            var result = Sctok(["annotate", input, "-o", output, "--model", model, .. flag]);
            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: {flag[0]} cannot be combined with --model: the saved pipeline fixes it.", result.Stderr.Trim());
            Assert.False(File.Exists(output));
        }
    }

    [Fact]
    public void CorpusSynthWritesStoriesAndRoles()
    {
        var dir = TestPaths.TempDir();
        var output = Path.Combine(dir, "synth.txt");
        var result = Sctok("corpus", "synth", "-o", output, "--stories", "25", "--seed", "4");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(25, Corpus.CorpusReader.Read(output).Count());
        Assert.Equal(25, File.ReadAllLines(output + ".roles.jsonl").Length);
    }
}
